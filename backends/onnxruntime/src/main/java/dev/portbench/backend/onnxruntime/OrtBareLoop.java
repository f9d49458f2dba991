package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.portbench.backend.BackendOptions;
import dev.portbench.scenarios.ModelIo;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.TokenInputs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The baseline for the harness-overhead benchmark ({@code scripts/overhead}): a bare loop of {@code OrtSession.run}
 * on an exported model with what the harness's timed call has — the same session options, an input tensor made once,
 * outputs pinned once (the logits the graph declares: the last position's for the graph the cells' forks time) — and
 * nothing else: no SPI, no JMH. Prints one machine-readable line:
 * {@code bare_loop scenario=… p50_ms=… mean_ms=… runs=…}.
 *
 * <p>Usage: {@code OrtBareLoop MODEL.onnx SCENARIO [WARMUP_RUNS] [TIMED_RUNS]}
 */
public final class OrtBareLoop {
    private OrtBareLoop() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: OrtBareLoop MODEL.onnx SCENARIO [WARMUP_RUNS] [TIMED_RUNS]");
            System.exit(2);
        }
        Scenario scenario = LoopArguments.scenario(args[1]);
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        TokenInputs inputs = scenario.inputs(LoopArguments.prefill(scenario));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSessionSettings settings = OrtSessionSettings.from(BackendOptions.none("onnxruntime-cpu"));
        try (OrtSession.SessionOptions options = settings.toSessionOptions();
             OrtSession session = env.createSession(args[0], options);
             PinnedTensors.Pinned ids = PinnedTensors.longs(env, inputs.ids(), inputs.shape());
             OrtPinnedOutputs outputs = new OrtPinnedOutputs(env, session, scenario.model(), inputs.batch(),
                     inputs.seqLen(), LoopArguments.logitPositions(Path.of(args[0])).count(inputs.seqLen()))) {
            Map<String, OnnxTensor> feed = Map.of(ModelIo.INPUT_IDS, ids.tensor());
            Map<String, OnnxTensor> pinned = outputs.asMap();
            for (int i = 0; i < warmup; i++) {
                session.run(feed, pinned).close();
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                OrtSession.Result r = session.run(feed, pinned);
                nanos[i] = System.nanoTime() - t0;
                r.close();
            }
            Arrays.sort(nanos);
            double mean = Arrays.stream(nanos).average().orElse(Double.NaN) / 1e6;
            double p50 = nanos[runs / 2] / 1e6;
            System.out.printf(Locale.ROOT, "bare_loop scenario=%s p50_ms=%.6f mean_ms=%.6f runs=%d options=%s%n",
                    scenario.name(), p50, mean, runs, settings.applied());
        }
    }
}
