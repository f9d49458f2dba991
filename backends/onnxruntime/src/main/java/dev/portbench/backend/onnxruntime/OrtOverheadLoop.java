package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.PreparedForward;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.Workload;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The harness's timed path against a bare loop over the same session, in one JVM, alternating: a block of bare
 * {@code OrtSession.run(inputs, pinnedOutputs)} calls and a block through the SPI as the benchmark makes them
 * ({@code PreparedForward.invoke()}, {@code release()} untimed between calls), in turn first in every other round, so
 * that the machine's drift and whatever the order does fall on both alike. Both use the very same session, input
 * tensor and pinned outputs; each call is timed with {@code System.nanoTime()} as JMH's sample-time mode does.
 * Prints one line per round and the ratio of the means (SPI / bare) over all rounds, with the median of the rounds'
 * ratios:
 * {@code overhead scenario=… spi_mean_ms=… bare_mean_ms=… ratio=… median_round_ratio=… rounds=…}.
 *
 * <p>Usage: {@code OrtOverheadLoop MODEL.onnx SCENARIO [ROUNDS] [CALLS_PER_BLOCK]} (a prefill graph in fp32: the one
 * the cells' forks time, {@code prefill-last-fp32.onnx}, or the accuracy pass's; its declared logits decide which)
 */
public final class OrtOverheadLoop {
    private OrtOverheadLoop() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: OrtOverheadLoop MODEL.onnx SCENARIO [ROUNDS] [CALLS_PER_BLOCK]");
            System.exit(2);
        }
        Scenario scenario = LoopArguments.scenario(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Workload prefill = LoopArguments.prefill(scenario);
        Path graph = Path.of(args[0]);
        ModelArtifact model = new ModelArtifact(scenario, prefill, Dtype.FP32, scenario.weights(), graph,
                LoopArguments.logitPositions(graph));
        try (Backend backend = Backends.find("onnxruntime-cpu").orElseThrow()
                .create(BackendOptions.none("onnxruntime-cpu"));
             Session session = backend.open(model);
             PreparedForward spi = session.prepare(scenario.inputs(prefill))) {
            OrtPreparedForward ort = (OrtPreparedForward) spi;
            for (int i = 0; i < 5 * calls; i++) { // warm both paths up
                ort.session().run(ort.feed(), ort.pinned()).close();
                spi.invoke();
                spi.release();
            }
            double spiTotal = 0;
            double bareTotal = 0;
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                // every other round the SPI's block goes first, so that neither path always follows the other
                boolean bareFirst = r % 2 == 0;
                double bare = bareFirst ? bareBlock(ort.session(), ort.feed(), ort.pinned(), calls) : Double.NaN;
                double viaSpi = spiBlock(spi, calls);
                if (!bareFirst) {
                    bare = bareBlock(ort.session(), ort.feed(), ort.pinned(), calls);
                }
                bareTotal += bare;
                spiTotal += viaSpi;
                ratios[r] = viaSpi / bare;
                System.out.printf(Locale.ROOT, "round %d spi_mean_ms=%.6f bare_mean_ms=%.6f ratio=%.4f%n", r + 1,
                        viaSpi / 1e6, bare / 1e6, ratios[r]);
            }
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "overhead scenario=%s spi_mean_ms=%.6f bare_mean_ms=%.6f ratio=%.4f"
                            + " median_round_ratio=%.4f rounds=%d calls_per_block=%d%n", scenario.name(),
                    spiTotal / rounds / 1e6, bareTotal / rounds / 1e6, spiTotal / bareTotal, ratios[rounds / 2],
                    rounds, calls);
        }
    }

    /** Mean nanoseconds per bare call. */
    private static double bareBlock(OrtSession session, Map<String, OnnxTensor> feed, Map<String, OnnxTensor> pinned,
                                    int calls) throws Exception {
        long sum = 0;
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            OrtSession.Result result = session.run(feed, pinned);
            sum += System.nanoTime() - t0;
            result.close();
        }
        return (double) sum / calls;
    }

    /** Mean nanoseconds per call through the SPI, releasing between calls untimed as the benchmark does. */
    private static double spiBlock(PreparedForward spi, int calls) {
        long sum = 0;
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            spi.invoke();
            sum += System.nanoTime() - t0;
            spi.release();
        }
        return (double) sum / calls;
    }
}
