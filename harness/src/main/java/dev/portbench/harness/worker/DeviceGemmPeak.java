package dev.portbench.harness.worker;

import dev.portbench.backend.Backend;
import dev.portbench.backend.GraphSession;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.PreparedGraphRun;
import dev.portbench.scenarios.byo.InputTensor;
import dev.portbench.scenarios.onnx.GemmPeakModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures a backend's matrix-product rate on its own device by running {@link GemmPeakModel} through the backend's
 * runtime: two untimed runs (the first builds kernels and checks the checksum is finite), then timed runs until
 * {@code budgetNanos} have passed (at least {@link #MIN_RUNS}, at most {@link #MAX_RUNS}); the rate is the best run's,
 * as the host's OpenBLAS peak is. The timed call is the graph's run alone: its input is bound beforehand and its one
 * fp32 output freed afterwards, as for a bring-your-own model's cell. Where the best run is shorter than
 * {@link #TARGET_RUN_MS} (a fast GPU does 4 × 4096³ in under a millisecond), the chain is lengthened once so that the
 * run's fixed costs (launch, the checksum's copy back) do not lower the rate.
 */
final class DeviceGemmPeak {
    static final int MIN_RUNS = 3;
    static final int MAX_RUNS = 50;
    static final double TARGET_RUN_MS = 10.0;
    static final int MAX_CHAIN = 64;
    /** The matrices' seed: any fixed value; the rate does not depend on it. */
    private static final long SEED = 20261129L;

    /** One arithmetic's result: a rate, or why there is none. */
    record Rate(String arithmetic, Double gflops, int runs, Double bestMs, Double checksum, Integer chain,
                String reason) {
        static Rate unmeasured(String arithmetic, String reason) {
            return new Rate(arithmetic, null, 0, null, null, null, reason);
        }
    }

    private DeviceGemmPeak() {
    }

    /**
     * The rate of chains of MatMuls of {@code size}² in {@code arithmetic} on {@code backend}, starting with
     * {@code chain} and lengthened once where a run is shorter than {@link #TARGET_RUN_MS}; graphs go to {@code dir}.
     */
    static Rate measure(Backend backend, String arithmetic, int size, int chain, Path dir, long budgetNanos)
            throws IOException {
        Rate first = measureChain(backend, arithmetic, size, chain, dir, budgetNanos);
        int longer = first.bestMs() == null ? chain : longerChain(chain, first.bestMs());
        if (longer == chain) {
            return first;
        }
        Rate second = measureChain(backend, arithmetic, size, longer, dir, budgetNanos);
        return second.gflops() != null && second.gflops() > first.gflops() ? second : first;
    }

    /**
     * The chain whose run would take about {@link #TARGET_RUN_MS}, given that {@code chain} MatMuls took
     * {@code bestMs}; {@code chain} itself where it already takes that long, at most {@link #MAX_CHAIN}.
     */
    static int longerChain(int chain, double bestMs) {
        if (bestMs >= TARGET_RUN_MS || chain >= MAX_CHAIN) {
            return chain;
        }
        return (int) Math.min(MAX_CHAIN, Math.ceil(chain * TARGET_RUN_MS / bestMs));
    }

    /** Whether the backend loads ONNX graphs at all: a 2 × 2 one, opened and closed. */
    static boolean loadsOnnx(Backend backend, Path dir) throws IOException {
        Path file = dir.resolve("gemm-probe.onnx");
        new GemmPeakModel("fp32", 2, 1, SEED).write(file);
        try (GraphSession ignored = backend.openGraph(file)) {
            return true;
        } catch (dev.portbench.backend.UnsupportedModelException e) {
            return false;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Rate measureChain(Backend backend, String arithmetic, int size, int chain, Path dir,
                                     long budgetNanos) throws IOException {
        GemmPeakModel model = new GemmPeakModel(arithmetic, size, chain, SEED);
        Path file = dir.resolve("gemm-peak-" + arithmetic + "-" + size + ".onnx");
        model.write(file);
        List<InputTensor> inputs = List.of(InputTensor.ofFloats(GemmPeakModel.SCALE_INPUT, new long[] {1},
                new float[] {1f}));
        try (GraphSession session = backend.openGraph(file)) {
            double checksum = checksum(session.run(inputs));
            if (!Double.isFinite(checksum)) {
                return Rate.unmeasured(arithmetic, "the GEMM graph's checksum is " + checksum
                        + "; expected a finite number (the runtime computed garbage)");
            }
            long best = Long.MAX_VALUE;
            int runs = 0;
            try (PreparedGraphRun run = session.prepare(inputs)) {
                run.invoke(); // the second untimed run
                run.release();
                long start = System.nanoTime();
                while (runs < MIN_RUNS || (runs < MAX_RUNS && System.nanoTime() - start < budgetNanos)) {
                    long t0 = System.nanoTime();
                    run.invoke();
                    long elapsed = System.nanoTime() - t0;
                    run.release();
                    best = Math.min(best, elapsed);
                    runs++;
                }
            }
            return new Rate(arithmetic, gflops(model.flopsPerRun(), best), runs, best / 1e6, checksum, chain, null);
        } catch (RuntimeException e) { // the runtime has no MatMul of this type, or rejected the graph
            return Rate.unmeasured(arithmetic, String.format(Locale.ROOT, "the runtime could not run a %s MatMul"
                    + " graph: %s", arithmetic, CellWorker.describe(e)));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** GFLOP/s of {@code flops} done in {@code nanos}. */
    static double gflops(double flops, long nanos) {
        return flops / nanos;
    }

    private static double checksum(Map<String, OutputTensor> outputs) {
        OutputTensor out = outputs.get(GemmPeakModel.CHECKSUM_OUTPUT);
        if (out == null || out.floats().length != 1) {
            throw new IllegalStateException("the GEMM graph's outputs " + outputs.keySet() + "; expected one scalar '"
                    + GemmPeakModel.CHECKSUM_OUTPUT + "'");
        }
        return out.floats()[0];
    }
}
