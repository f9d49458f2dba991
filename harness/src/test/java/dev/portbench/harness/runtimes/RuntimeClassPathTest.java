package dev.portbench.harness.runtimes;

import dev.portbench.backend.RuntimeArtifact;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeClassPathTest {
    private static final RuntimeArtifact ORT = new RuntimeArtifact("com.microsoft.onnxruntime", "onnxruntime");
    private static final Path WANTED = Path.of("/rt/onnxruntime-1.28.0.jar");

    private static String cp(String... entries) {
        return String.join(java.io.File.pathSeparator, entries);
    }

    @Test
    void theRuntimeJarIsReplacedInPlace() {
        assertEquals(cp("/h/portbench-harness.jar", "/rt/onnxruntime-1.28.0.jar", "/lib/jmh-core-1.37.jar"),
                RuntimeClassPath.withRuntimeJar(cp("/h/portbench-harness.jar", "/lib/onnxruntime-1.29.0.jar",
                        "/lib/jmh-core-1.37.jar"), ORT, WANTED));
    }

    @Test
    void jarsWhoseNamesOnlyStartLikeTheRuntimesStay() {
        String others = cp("/lib/portbench-backend-onnxruntime-0.1.0-SNAPSHOT.jar", "/lib/onnxruntime_gpu-1.29.0.jar",
                "/lib/onnxruntime-extensions-0.13.0.jar", "/classes");
        assertEquals(cp(others, "/rt/onnxruntime-1.28.0.jar"),
                RuntimeClassPath.withRuntimeJar(cp(others, "/m2/onnxruntime-1.29.0.jar"), ORT, WANTED));
    }

    @Test
    void twoVersionsOnTheClassPathBecomeOne() {
        assertEquals(cp("/rt/onnxruntime-1.28.0.jar", "/a.jar"), RuntimeClassPath.withRuntimeJar(
                cp("/x/onnxruntime-1.29.0.jar", "/a.jar", "/y/onnxruntime-1.27.0-rc1.jar"), ORT, WANTED));
    }

    @Test
    void aClassPathWithoutTheRuntimeJarIsAnErrorNotASilentAddition() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RuntimeClassPath.withRuntimeJar(cp("/h/portbench-harness.jar", "/lib/*"), ORT, WANTED));
        assertTrue(e.getMessage().contains("has no onnxruntime-VERSION.jar to replace"), e.getMessage());
        assertTrue(e.getMessage().contains("a DIR/* wildcard is not expanded"), e.getMessage());
        assertTrue(e.getMessage().contains(WANTED.toString()), e.getMessage());
    }
}
