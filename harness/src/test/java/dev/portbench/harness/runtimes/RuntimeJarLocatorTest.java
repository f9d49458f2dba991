package dev.portbench.harness.runtimes;

import dev.portbench.backend.RuntimeArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeJarLocatorTest {
    private static final RuntimeArtifact RT = new RuntimeArtifact("com.example.rt", "rt-core");

    @TempDir
    Path tmp;

    private Path runtimesDir() throws IOException {
        return Files.createDirectories(tmp.resolve("runtimes"));
    }

    private Path repo() throws IOException {
        return Files.createDirectories(tmp.resolve("m2"));
    }

    private static Path jar(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "not really a jar");
    }

    private Path inRepo(String version) throws IOException {
        return jar(tmp.resolve("m2/com/example/rt/rt-core").resolve(version).resolve("rt-core-" + version + ".jar"));
    }

    @Test
    void theRuntimesDirectoryComesBeforeTheLocalRepository() throws IOException {
        Path inDir = jar(runtimesDir().resolve("rt-core-1.2.0.jar"));
        inRepo("1.2.0");
        RuntimeJar found = new RuntimeJarLocator(runtimesDir(), repo()).locate("rt@1.2.0", RT, "1.2.0");
        assertTrue(found.isFound());
        assertEquals(inDir, found.jar());
        assertEquals("runtimes directory", found.foundIn());
        assertEquals("com.example.rt:rt-core:1.2.0", found.coordinates());
        assertNull(found.missing());
    }

    @Test
    void aVersionOnlyInTheLocalRepositoryIsFoundThereInMavensLayout() throws IOException {
        jar(runtimesDir().resolve("rt-core-1.2.0.jar"));
        Path inRepo = inRepo("1.1.0");
        RuntimeJar found = new RuntimeJarLocator(runtimesDir(), repo()).locate("rt@1.1.0", RT, "1.1.0");
        assertEquals(inRepo, found.jar());
        assertEquals(tmp.resolve("m2/com/example/rt/rt-core/1.1.0/rt-core-1.1.0.jar"), found.jar());
        assertEquals("local Maven repository", found.foundIn());
    }

    @Test
    void aMissingVersionNamesThePlacesLookedInAndTheVersionsEachHolds() throws IOException {
        jar(runtimesDir().resolve("rt-core-1.10.0.jar"));
        jar(runtimesDir().resolve("rt-core-1.9.0.jar"));
        jar(runtimesDir().resolve("rt-core-extras-1.0.jar"));
        inRepo("1.2.0");
        jar(tmp.resolve("m2/com/example/rt/rt-core/1.3.0/rt-core-1.3.0.pom"));
        RuntimeJar missing = new RuntimeJarLocator(runtimesDir(), repo()).locate("rt@2.0.0", RT, "2.0.0");
        assertFalse(missing.isFound());
        assertNull(missing.jar());
        assertEquals("rt@2.0.0: no rt-core-2.0.0.jar (com.example.rt:rt-core:2.0.0) on this machine; runtimes directory "
                + runtimesDir() + " has 1.9.0, 1.10.0; local Maven repository " + tmp.resolve("m2/com/example/rt/rt-core")
                + " has 1.2.0. portbench downloads nothing at run time; add it with:"
                + " mvn dependency:get -Dartifact=com.example.rt:rt-core:2.0.0", missing.missing());
    }

    @Test
    void withoutARuntimesDirectoryOrRepositoryTheReasonSaysSo() throws IOException {
        RuntimeJar missing = new RuntimeJarLocator(null, tmp.resolve("nowhere")).locate("rt@1.0", RT, "1.0");
        assertTrue(missing.missing().contains("runtimes directory not set (-Dportbench.runtimes.dir)"),
                missing.missing());
        assertTrue(missing.missing().contains("local Maven repository " + tmp.resolve("nowhere/com/example/rt/rt-core")
                + " has no version"), missing.missing());
        RuntimeJar absentDir = new RuntimeJarLocator(tmp.resolve("gone"), repo()).locate("rt@1.0", RT, "1.0");
        assertTrue(absentDir.missing().contains("runtimes directory " + tmp.resolve("gone") + " does not exist"),
                absentDir.missing());
    }

    @Test
    void availableVersionsAreBothPlacesOnceInVersionOrder() throws IOException {
        jar(runtimesDir().resolve("rt-core-1.10.0.jar"));
        jar(runtimesDir().resolve("rt-core-1.2.0.jar"));
        inRepo("1.2.0");
        inRepo("1.9.1");
        assertEquals(List.of("1.2.0", "1.9.1", "1.10.0"),
                new RuntimeJarLocator(runtimesDir(), repo()).availableVersions(RT));
    }

    /** The build's own runtimes directory, as surefire passes it: both ONNX Runtime versions of the A/B are there. */
    @Test
    void theBuildCopiesBothOnnxRuntimeVersionsIntoTheRuntimesDirectory() {
        RuntimeArtifact ort = new RuntimeArtifact("com.microsoft.onnxruntime", "onnxruntime");
        RuntimeJarLocator locator = RuntimeJarLocator.fromSystemProperties();
        for (String property : List.of("portbench.test.onnxruntime.ab.version", "portbench.test.onnxruntime.version")) {
            String version = System.getProperty(property);
            RuntimeJar jar = locator.locate("onnxruntime-cpu@" + version, ort, version);
            assertEquals("runtimes directory", jar.foundIn(), version + ": " + jar.missing());
            assertEquals(Path.of(System.getProperty("portbench.runtimes.dir"), "onnxruntime-" + version + ".jar"),
                    jar.jar());
        }
    }

    @Test
    void classifierJarsAreNeitherListedNorTakenAsRuntimes() throws IOException {
        jar(runtimesDir().resolve("rt-core-1.2.0.jar"));
        jar(runtimesDir().resolve("rt-core-1.2.0-sources.jar"));
        jar(runtimesDir().resolve("rt-core-1.2.0-javadoc.jar"));
        jar(runtimesDir().resolve("rt-core-1.2.0-test-sources.jar"));
        RuntimeJarLocator locator = new RuntimeJarLocator(runtimesDir(), tmp.resolve("nowhere"));
        RuntimeJar sources = locator.locate("rt@1.2.0-sources", RT, "1.2.0-sources");
        assertFalse(sources.isFound());
        assertEquals("rt@1.2.0-sources: version '1.2.0-sources' names rt-core-1.2.0-sources.jar, a sources jar that"
                + " holds no runtime; expected the runtime's version alone: '1.2.0'", sources.missing());
        RuntimeJar missing = locator.locate("rt@9.0", RT, "9.0");
        assertTrue(missing.missing().contains("1.2.0") && !missing.missing().contains("sources")
                && !missing.missing().contains("javadoc"), missing.missing());
    }
}
