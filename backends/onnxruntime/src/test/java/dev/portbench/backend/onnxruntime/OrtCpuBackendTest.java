package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OrtEnvironment;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrtCpuBackendTest {

    @TempDir
    Path dir;

    private static Backend create(Map<String, String> options) {
        return new OrtCpuProvider().create(new BackendOptions("onnxruntime-cpu", options));
    }

    @Test
    void runtimeVersionIsReadFromTheLoadedRuntime() {
        try (Backend b = create(Map.of())) {
            String version = b.runtimeVersion();
            assertTrue(version.startsWith("onnxruntime "), version);
            assertEquals("onnxruntime " + OrtEnvironment.getEnvironment().getVersion(), version);
            assertTrue(version.matches("onnxruntime \\d+\\.\\d+\\.\\d+.*"), version);
        }
    }

    @Test
    void reportsFp32TheConfiguredThreadsAndAppliedOptions() {
        try (Backend b = create(Map.of("intra_op_threads", "2", "execution_mode", "parallel"))) {
            assertEquals(2, b.threads());
            assertEquals("2", b.appliedOptions().get("intra_op_threads"));
            assertEquals("PARALLEL", b.appliedOptions().get("execution_mode"));
            assertEquals("CPU", b.appliedOptions().get("provider"));
        }
    }

    @Test
    void openingAnArtifactWithoutOnnxFileNamesTheScenario() {
        Scenario s = ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow();
        try (Backend b = create(Map.of())) {
            BackendException e = assertThrows(BackendException.class,
                    () -> b.open(ModelArtifact.fp32(s, null)));
            assertTrue(e.getMessage().contains("moe-tiny"), e.getMessage());
        }
    }

    @Test
    void openingAMissingFileIsABackendExceptionNamingThePath() {
        Scenario s = ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow();
        Path missing = dir.resolve("missing.onnx");
        try (Backend b = create(Map.of())) {
            BackendException e = assertThrows(BackendException.class,
                    () -> b.open(ModelArtifact.fp32(s, missing)));
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        }
    }
}
