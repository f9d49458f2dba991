package dev.portbench.harness.cli;

import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunSelectionTest {
    private final List<BackendProvider> providers = Backends.discover();

    @Test
    void optionsAreGroupedByBackend() {
        Map<String, Map<String, String>> grouped = RunSelection.options(List.of(
                "onnxruntime-cpu.intra_op_threads=2", "onnxruntime-cpu.execution_mode=parallel"), providers);
        assertEquals(Map.of("onnxruntime-cpu", Map.of("intra_op_threads", "2", "execution_mode", "parallel")), grouped);
    }

    @Test
    void noBackendsGivenMeansEveryBackendFound() {
        assertEquals(providers.stream().map(BackendProvider::id).toList(), RunSelection.backends(null, providers));
    }

    @Test
    void repeatedNamesAreRunOnce() {
        assertEquals(List.of("reference-fp32"), RunSelection.backends(List.of("reference-fp32", "reference-fp32"),
                providers));
        assertEquals(1, RunSelection.scenarios(List.of("dense-tiny", "dense-tiny")).size());
    }
}
