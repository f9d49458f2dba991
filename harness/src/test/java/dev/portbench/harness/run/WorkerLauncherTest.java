package dev.portbench.harness.run;

import dev.portbench.backend.RuntimeArtifact;
import dev.portbench.harness.runtimes.OrtNativeLibraries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WorkerLauncherTest {

    @Test
    void cellsInheritPropertiesHeapAndXxFlagsButNotAgentsOrDuplicates() {
        List<String> parent = List.of("-Donnxruntime.native.path=/opt/ort", "-Xmx20g", "-javaagent:/x/agent.jar",
                "-agentlib:jdwp=transport=dt_socket", "-XX:+UseG1GC", "-Dai.djl.offline=true", "-Xmx20g", "-ea");
        assertEquals(List.of("-Donnxruntime.native.path=/opt/ort", "-Xmx20g", "-XX:+UseG1GC"),
                WorkerLauncher.inheritedFlags(parent));
    }

    @Test
    void aLauncherWithAnotherRuntimeVersionRunsTheSameClassPathWithThatJarInstead() {
        WorkerLauncher base = new WorkerLauncher("java", "/h/harness.jar:/lib/onnxruntime-1.29.0.jar:/lib/jmh.jar");
        WorkerLauncher swapped = base.withRuntimeJar(new RuntimeArtifact("com.microsoft.onnxruntime", "onnxruntime"),
                Path.of("/rt/onnxruntime-1.28.0.jar"));
        assertEquals("/h/harness.jar:/rt/onnxruntime-1.28.0.jar:/lib/jmh.jar", swapped.classPath());
        assertEquals("/h/harness.jar:/lib/onnxruntime-1.29.0.jar:/lib/jmh.jar", base.classPath(), "the base is kept");
    }

    @Test
    void jvmsLoadOnnxRuntimeFromTheExtractedFolderAndLeaveNothingInTheirTemporaryFolder(@TempDir Path tmp)
            throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "reads which file the JVM mapped: Linux only");
        assumeTrue(System.getProperty(OrtNativeLibraries.NATIVE_PATH_PROPERTY) == null, "the user named a folder");
        OrtNativeLibraries natives = OrtNativeLibraries.forThisPlatform(tmp.resolve("natives"));
        Path jvmTmp = Files.createDirectories(tmp.resolve("jvm-tmp"));
        WorkerLauncher launcher = new WorkerLauncher().withOrtNatives(natives)
                .withSystemProperty("java.io.tmpdir", jvmTmp.toString());
        Path log = tmp.resolve("jvm.log");

        WorkerLauncher.Exit exit = launcher.run(OrtLoadingMain.class.getName(), List.of(), log, Duration.ofMinutes(2));

        String out = Files.readString(log);
        assertEquals(0, exit.exitCode(), out);
        assertTrue(out.contains("version=1."), out);
        Path folder = natives.folderFor(System.getProperty("java.class.path")).orElseThrow();
        assertTrue(out.contains("mapped=" + folder.resolve(System.mapLibraryName("onnxruntime4j_jni"))), out);
        try (Stream<Path> left = Files.list(jvmTmp)) {
            assertEquals(List.of(), left.toList(), "ONNX Runtime's temporary folder is gone with the JVM");
        }
    }
}
