package dev.portbench.harness.worker;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.scenarios.onnx.GemmPeakModel;
import dev.portbench.scenarios.onnx.LowPrecision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device GEMM measurement, run here through ONNX Runtime's CPU provider (the same graph and code path a CUDA or
 * CANN provider takes): the graph computes what it claims, checked against fp64 sums of the same matrices, and a
 * type the runtime has no MatMul for is unmeasured with the runtime's reason.
 */
class DeviceGemmPeakTest {
    private static final int N = 48;
    private static final int CHAIN = 2;
    private static Backend ort;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        ort = Backends.find("onnxruntime-cpu").orElseThrow().create(new BackendOptions("onnxruntime-cpu",
                Map.of("intra_op_threads", "1")));
    }

    @AfterAll
    static void close() {
        ort.close();
    }

    /** sum(A·B·…·B) in fp64 from the model's values, each rounded as {@code round} does first. */
    private static double expectedChecksum(GemmPeakModel model, java.util.function.DoubleUnaryOperator round,
                                           int chain) {
        double[] a = rounded(model.matrix("A"), round);
        double[] b = rounded(model.matrix("B"), round);
        double[] y = a;
        for (int c = 0; c < chain; c++) {
            double[] next = new double[N * N];
            for (int i = 0; i < N; i++) {
                for (int k = 0; k < N; k++) {
                    for (int j = 0; j < N; j++) {
                        next[i * N + j] += y[i * N + k] * b[k * N + j];
                    }
                }
            }
            y = next;
        }
        double sum = 0;
        for (double v : y) {
            sum += v;
        }
        return sum;
    }

    private static double[] rounded(float[] values, java.util.function.DoubleUnaryOperator round) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = round.applyAsDouble(values[i]);
        }
        return out;
    }

    private static GemmPeakModel model(String arithmetic) {
        return new GemmPeakModel(arithmetic, N, CHAIN, 20261129L);
    }

    @Test
    void fp32GraphComputesTheChainedProductAndARate() throws IOException {
        DeviceGemmPeak.Rate r = DeviceGemmPeak.measure(ort, "fp32", N, CHAIN, dir, 50_000_000L);
        assertNull(r.reason(), r.reason());
        assertEquals(expectedChecksum(model("fp32"), v -> v, r.chain()), r.checksum(), 1e-4);
        assertTrue(r.runs() >= DeviceGemmPeak.MIN_RUNS && r.runs() <= DeviceGemmPeak.MAX_RUNS, "runs " + r.runs());
        assertEquals(r.chain() * 2.0 * N * N * N / (r.bestMs() * 1e6), r.gflops(), r.gflops() * 1e-9,
                "GFLOP/s = chain·2n³ over the best run");
        assertTrue(r.chain() >= CHAIN && r.chain() <= DeviceGemmPeak.MAX_CHAIN, "chain " + r.chain());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "the graph file is removed");
        }
    }

    @Test
    void fp16GraphRunsOnHalfPrecisionInputs() throws IOException {
        DeviceGemmPeak.Rate r = DeviceGemmPeak.measure(ort, "fp16", N, CHAIN, dir, 50_000_000L);
        assertNotNull(r.checksum(), r.reason());
        double exact = expectedChecksum(model("fp16"), v -> LowPrecision.fromFp16(LowPrecision.toFp16((float) v)),
                r.chain());
        assertEquals(exact, r.checksum(), 0.01 * (1 + Math.abs(exact)), "fp16 products and sum round at about 1e-3"
                + " of each value, over a chain of " + r.chain());
    }

    /** ONNX Runtime's CPU provider has no bf16 kernels (its CUDA provider has): the rate is missing, with why. */
    @Test
    void aTypeTheRuntimeCannotRunIsUnmeasuredWithTheRuntimesReason() throws IOException {
        DeviceGemmPeak.Rate r = DeviceGemmPeak.measure(ort, "bf16", N, CHAIN, dir, 50_000_000L);
        assertNull(r.gflops());
        assertEquals(0, r.runs());
        assertTrue(r.reason().startsWith("the runtime could not run a bf16 MatMul graph: ")
                && r.reason().contains("ORT_NOT_IMPLEMENTED"), r.reason());
    }

    /** ONNX Runtime loads ONNX; the reference decoder does not, and so has no device peak to measure. */
    @Test
    void onlyBackendsThatLoadOnnxCanBeMeasured() throws IOException {
        assertTrue(DeviceGemmPeak.loadsOnnx(ort, dir));
        try (Backend reference = Backends.find("reference-fp32").orElseThrow().create(new BackendOptions(
                "reference-fp32", Map.of()))) {
            org.junit.jupiter.api.Assertions.assertFalse(DeviceGemmPeak.loadsOnnx(reference, dir));
        }
    }

    /** A run under 10 ms is lengthened in proportion, up to 64 MatMuls; a long enough one is kept. */
    @Test
    void shortRunsGetALongerChain() {
        assertEquals(40, DeviceGemmPeak.longerChain(4, 1.0), "4 MatMuls in 1 ms: 40 for 10 ms");
        assertEquals(7, DeviceGemmPeak.longerChain(4, 6.0), "ceil(4 × 10 / 6)");
        assertEquals(64, DeviceGemmPeak.longerChain(4, 0.01), "capped");
        assertEquals(4, DeviceGemmPeak.longerChain(4, 10.0));
        assertEquals(64, DeviceGemmPeak.longerChain(64, 0.5), "already at the cap");
    }

    @Test
    void rateIsFlopsOverNanoseconds() {
        assertEquals(2.0, DeviceGemmPeak.gflops(4e9, 2_000_000_000L), 1e-15);
    }
}
