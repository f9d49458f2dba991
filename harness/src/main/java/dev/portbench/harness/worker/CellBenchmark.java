package dev.portbench.harness.worker;

import dev.portbench.backend.Backend;
import dev.portbench.backend.GraphSession;
import dev.portbench.backend.GreedyDecoding;
import dev.portbench.backend.PreparedDecode;
import dev.portbench.backend.PreparedForward;
import dev.portbench.backend.PreparedGraphRun;
import dev.portbench.backend.Session;
import dev.portbench.harness.measure.SteadyStateWarmup;
import dev.portbench.harness.runtimes.RuntimeVersionCheck;
import dev.portbench.results.Npy;
import dev.portbench.results.OptionsCodec;
import dev.portbench.scenarios.TokenInputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One cell timed by JMH in a JVM of its own. Everything but the inference happens outside the timed region: the trial
 * setup opens the backend and the model, binds the inputs ({@code Session.prepare}: ONNX Runtime makes its input
 * tensors and pins its outputs and caches there); an iteration-level setup warms up until the time per call is steady,
 * in JMH's warm-up iterations only; between calls, an invocation-level setup frees what the previous call left behind.
 * Every benchmark is sample-time, so latency, time to first token, time per output token and tokens/s all come from
 * one timing source.
 *
 * <ul>
 *   <li>{@link #latency}: a prefill workload's forward pass.</li>
 *   <li>{@link #ttft}: a decode workload's prompt with an empty cache (time to first token).</li>
 *   <li>{@link #tpot}: one KV-cache step. Steps walk through the workload's new tokens (the oracle's greedy tokens when
 *       known, so every backend steps through the same text and MoE routing) and start again from the prompt's cache
 *       after the last, so the mean covers past lengths prompt .. prompt + new_tokens − 2 as a generation would.</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class CellBenchmark {
    static final String LATENCY = "latency";
    static final String TTFT = "ttft";
    static final String TPOT = "tpot";

    @Param("")
    public String scenario;

    @Param("")
    public String workload;

    @Param("")
    public String dtype;

    @Param("")
    public String backend;

    /** The backend's options, {@code key=value} joined by {@code ;}. */
    @Param("")
    public String options;

    @Param("")
    public String runDir;

    /** tokens.npy [batch, new_tokens] to step through; empty: the session's own greedy choices. */
    @Param("")
    public String tokens;

    /** A bring-your-own model's YAML file; empty for portbench's own scenarios. */
    @Param("")
    public String byoFile;

    /** The device whose telemetry the measured iterations sample, {@code KIND:INDEX} ({@link TelemetryProfiler}). */
    @Param("HOST_CPU:0")
    public String telemetry;

    /** The warm-up's cap in milliseconds; 0: no warm-up. */
    @Param("10000")
    public long warmupMaxMs;

    /** The parameters as JMH takes them. */
    record Params(String scenario, String workload, String dtype, String backend, String options, Path runDir,
                  Path tokens, Path byoFile, Duration warmupMax, String telemetry) {
        Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("scenario", scenario);
            m.put("workload", workload);
            m.put("dtype", dtype);
            m.put("backend", backend);
            m.put("options", options);
            m.put("runDir", runDir.toAbsolutePath().toString());
            m.put("tokens", tokens == null ? "" : tokens.toAbsolutePath().toString());
            m.put("byoFile", byoFile == null ? "" : byoFile.toAbsolutePath().toString());
            m.put("warmupMaxMs", Long.toString(warmupMax.toMillis()));
            m.put("telemetry", telemetry);
            return m;
        }
    }

    private Backend openBackend;
    private Session session;
    private GraphSession graph;
    private PreparedForward forward;
    private PreparedGraphRun graphRun;
    private PreparedDecode decode;
    /** The call the benchmark times, for the warm-up. */
    private Runnable call;
    /** This fork's warm-up so far; null before the first pass. */
    private SteadyStateWarmup.Result warmedUp;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) throws IOException {
        ParentWatchdog.start(); // a fork whose cell JVM died ends itself
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (!byoFile.isEmpty()) {
            ByoCellContext byo = ByoCellContext.resolve(Path.of(byoFile), backend, OptionsCodec.decode(options));
            openBackend = byo.createBackend();
            RuntimeVersionCheck.require(backend, openBackend.runtimeVersion());
            graph = openBackend.openGraph(byo.model().onnx());
            graphRun = graph.prepare(byo.inputs());
        } else {
            CellContext cell = CellContext.resolve(scenario, workload, dtype, backend, OptionsCodec.decode(options),
                    Path.of(runDir));
            openBackend = cell.createBackend();
            // the fork runs with the cell JVM's class path; this says so if it did not get the version asked for
            RuntimeVersionCheck.require(backend, openBackend.runtimeVersion());
            session = openBackend.open(cell.timedModel());
            TokenInputs inputs = cell.inputs();
            if (method.equals(LATENCY)) {
                forward = session.prepare(inputs);
            } else {
                decode = session.prepareDecode(inputs, stepTokens(inputs, cell.workload().newTokens()));
            }
        }
        call = switch (method) {
            case TTFT -> decode::prompt;
            case TPOT -> decode::step;
            default -> graphRun != null ? graphRun::invoke : forward::invoke;
        };
    }

    /**
     * Warm-up, in JMH's own warm-up iterations ({@link JmhMeasurement#warmupIterations}), so that no measured
     * iteration holds it or the trial setup: the profilers' windows (energy, the resident set's growth, the JIT's
     * share) span measured iterations only. The first warms up until steady. The second, with a cap of its own, checks again
     * after JMH's iteration code and the profilers first ran in this JVM: that first run can make the JIT discard the
     * calls' compiled code (measured: a C2 recompile of DJL's MoE layer for 0.67 s, in the first measured iteration,
     * when there was no second check). A steady JVM passes the check in its shortest time, a second.
     */
    @Setup(Level.Iteration)
    public void warmUp(IterationParams iteration) {
        Duration cap = Duration.ofMillis(warmupMaxMs);
        if (iteration.getType() != IterationType.WARMUP || warmedUp != null && cap.isZero()) {
            return;
        }
        SteadyStateWarmup.Result pass = new SteadyStateWarmup(cap).run(call, this::release);
        warmedUp = warmedUp == null ? pass : warmedUp.then(pass);
        WarmupProfiler.record(warmedUp);
    }

    /**
     * Each step's tokens: the oracle's when given, else the session's own greedy choices. {@code new_tokens = 1} has no
     * step after the first token; one step from the prompt with token 0 is timed then.
     */
    private long[][] stepTokens(TokenInputs prompt, int newTokens) throws IOException {
        int batch = prompt.batch();
        long[] fed = tokens.isEmpty()
                ? GreedyDecoding.run(session, prompt, newTokens, null).fed()
                : Npy.read(Path.of(tokens)).ints();
        if (fed.length != (long) batch * newTokens) {
            throw new IllegalArgumentException(tokens + " holds " + fed.length + " tokens; expected batch × new tokens"
                    + " = " + batch + " × " + newTokens);
        }
        long[][] out = new long[Math.max(1, newTokens - 1)][batch];
        for (int t = 0; t < newTokens - 1; t++) {
            for (int b = 0; b < batch; b++) {
                out[t][b] = fed[b * newTokens + t];
            }
        }
        return out;
    }

    /** Outside the timed region: free what the previous call left behind (outputs, a cache no step reads again). */
    @Setup(Level.Invocation)
    public void release() {
        if (forward != null) {
            forward.release();
        }
        if (graphRun != null) {
            graphRun.release();
        }
        if (decode != null) {
            decode.release();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void latency() {
        if (graphRun != null) {
            graphRun.invoke();
        } else {
            forward.invoke();
        }
    }

    /** The prompt with an empty cache: the first token's logits. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void ttft() {
        decode.prompt();
    }

    /** One new token per sequence through the KV cache. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void tpot() {
        decode.step();
    }

    @TearDown(Level.Trial)
    public void close() {
        MeasuredWindows.endNow(); // JMH runs this inside the last measured iteration's profiler windows
        IllegalStateException failure = null;
        for (AutoCloseable c : new AutoCloseable[] {forward, graphRun, decode, session, graph, openBackend}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) { // close the rest, then report the first failure
                    if (failure == null) {
                        failure = new IllegalStateException("could not close " + c + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
