package dev.portbench.harness.run;

import dev.portbench.harness.env.DevicePeak;
import dev.portbench.harness.env.PeakText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device peaks' JVMs end to end. No accelerator here, so the measured backend is ONNX Runtime's CPU provider,
 * asked directly (a run asks only backends whose probe names a device): the same worker, graph and JSON a CUDA or
 * CANN backend goes through, with the runtime's real answers.
 */
class DevicePeaksTest {

    @TempDir
    Path tmp;

    @Test
    void eachBackendIsMeasuredInItsOwnJvmForTheArithmeticsOfItsCells() throws Exception {
        System.setProperty(DevicePeaks.SIZE_PROPERTY, "32");
        Map<String, DevicePeak> peaks;
        try {
            peaks = new DevicePeaks(new CellLaunchers(new WorkerLauncher(), Map.of()), tmp).measure(List.of(
                    new DevicePeaks.Request("onnxruntime-cpu", Map.of("intra_op_threads", "1"),
                            List.of("fp32", "int8-wo", "fp16", "bf16")),
                    new DevicePeaks.Request("no-such-backend", Map.of(), List.of("fp32"))));
        } finally {
            System.clearProperty(DevicePeaks.SIZE_PROPERTY);
        }
        DevicePeak ort = peaks.get("onnxruntime-cpu");
        assertNull(ort.reason(), ort.reason());
        assertEquals("HOST_CPU:0", ort.target());
        assertEquals(32, ort.size());
        // a 32³ chain of 4 runs in microseconds here: lengthened once, to at most 64 MatMuls a run
        ort.chains().values().forEach(c -> assertTrue(c >= 4 && c <= 64, "chain " + c));
        assertEquals(List.of("fp32", "fp16"), List.copyOf(ort.gflops().keySet()),
                "int8-wo computes in fp32: measured once");
        ort.gflops().values().forEach(g -> assertTrue(g > 0 && Double.isFinite(g), "GFLOP/s " + g));
        assertTrue(ort.unmeasured().get("bf16").contains("ORT_NOT_IMPLEMENTED"), ort.unmeasured().toString());
        assertTrue(ort.runtimeVersion().matches("onnxruntime \\d+\\.\\d+\\.\\d+.*"), ort.runtimeVersion());
        String line = PeakText.of(ort);
        assertTrue(line.startsWith("fp32 ") && line.contains(" GFLOP/s (") && line.contains("MatMuls a run), fp16 ")
                && line.contains("bf16 not measured (")
                && line.endsWith(" at 32³ on HOST_CPU:0 (" + ort.device() + ")"), line);

        DevicePeak unknown = peaks.get("no-such-backend");
        assertTrue(unknown.gflops().isEmpty());
        assertTrue(unknown.reason().startsWith("the device peak of no-such-backend threw "), unknown.reason());
        assertTrue(Files.exists(tmp.resolve("01-onnxruntime-cpu.log")) && Files.exists(tmp.resolve(
                "02-no-such-backend.json")));
    }
}
