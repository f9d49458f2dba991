package dev.portbench.harness.worker;

import dev.portbench.backend.Backend;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.GraphSession;
import dev.portbench.backend.GreedyDecoding;
import dev.portbench.scenarios.byo.InputTensor;
import dev.portbench.backend.KvCache;
import dev.portbench.backend.Session;
import dev.portbench.harness.runtimes.RuntimeVersionCheck;
import dev.portbench.results.Npy;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One cell timed by JMH in a JVM of its own; opening the backend and the model happens in setup, outside the timed
 * region. Prefill workloads time one forward pass ({@link #throughput}, {@link #latency}). Decode workloads time the
 * prompt's pass that yields the first token ({@link #ttft}) and one KV-cache step ({@link #tpot}): the steps walk
 * through the workload's new tokens (the oracle's greedy tokens when known, so every backend steps through the same
 * text and MoE routing) and start again from the prompt's cache after the last, so the mean covers contexts
 * prompt .. prompt + new_tokens − 1 as a generation would.
 */
@State(Scope.Benchmark)
public class CellBenchmark {

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

    /** The parameters as JMH takes them. */
    record Params(String scenario, String workload, String dtype, String backend, String options, Path runDir,
                  Path tokens, Path byoFile) {
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
            return m;
        }
    }

    private Backend openBackend;
    private Session session;
    private GraphSession graph;
    private List<InputTensor> graphInputs;
    private TokenInputs inputs;
    private CellContext cell;

    @Setup(Level.Trial)
    public void open() throws IOException {
        ParentWatchdog.start();
        if (!byoFile.isEmpty()) {
            ByoCellContext byo = ByoCellContext.resolve(Path.of(byoFile), backend, OptionsCodec.decode(options));
            openBackend = byo.createBackend();
            RuntimeVersionCheck.require(backend, openBackend.runtimeVersion());
            graph = openBackend.openGraph(byo.model().onnx());
            graphInputs = byo.inputs();
            return;
        }
        cell = CellContext.resolve(scenario, workload, dtype, backend, OptionsCodec.decode(options), Path.of(runDir));
        openBackend = cell.createBackend();
        // the fork runs with the cell JVM's class path; this says so if it did not get the version asked for
        RuntimeVersionCheck.require(backend, openBackend.runtimeVersion());
        session = openBackend.open(cell.model());
        inputs = cell.inputs();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object throughput() {
        return graph != null ? graph.run(graphInputs) : session.run(inputs);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object latency() {
        return graph != null ? graph.run(graphInputs) : session.run(inputs);
    }

    /** The prompt with an empty cache: the first token's logits. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ForwardOutputs ttft() {
        DecodeStep s = session.step(inputs, null);
        s.cache().close();
        return s.outputs();
    }

    /**
     * The KV caches of the time-per-token benchmark, in a state of their own so its per-invocation bookkeeping (free
     * the previous cache, wrap around after the last new token) touches no other benchmark.
     */
    @State(Scope.Benchmark)
    public static class Steps {
        private KvCache promptCache;
        private KvCache cache;
        private KvCache spent;
        private long[][] stepTokens;
        private int step;

        @Setup(Level.Trial)
        public void prepare(CellBenchmark bench) throws IOException {
            int batch = bench.cell.workload().batch();
            int n = bench.cell.workload().newTokens();
            long[] fed = bench.tokens.isEmpty()
                    ? GreedyDecoding.run(bench.session, bench.inputs, n, null).fed()
                    : Npy.read(Path.of(bench.tokens)).ints();
            // n = 1 has no step after the first token; time one step from the prompt with token 0 then
            stepTokens = new long[Math.max(1, n - 1)][batch];
            for (int t = 0; t < n - 1; t++) {
                for (int b = 0; b < batch; b++) {
                    stepTokens[t][b] = fed[b * n + t];
                }
            }
            promptCache = bench.session.step(bench.inputs, null).cache();
            cache = promptCache;
        }

        /** Outside the timed region: free the previous step's cache, start again after the last new token. */
        @Setup(Level.Invocation)
        public void nextStep() {
            if (spent != null) {
                spent.close();
                spent = null;
            }
            if (step == stepTokens.length) {
                if (cache != promptCache) {
                    cache.close();
                }
                cache = promptCache;
                step = 0;
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            if (spent != null) {
                spent.close();
            }
            if (cache != null && cache != promptCache) {
                cache.close();
            }
            if (promptCache != null) {
                promptCache.close();
            }
        }
    }

    /** One new token per sequence through the KV cache. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ForwardOutputs tpot(Steps steps) {
        long[] next = steps.stepTokens[steps.step];
        DecodeStep s = session.step(new TokenInputs(next.length, 1, next), steps.cache);
        if (steps.cache != steps.promptCache) {
            steps.spent = steps.cache;
        }
        steps.cache = s.cache();
        steps.step++;
        return s.outputs();
    }

    @TearDown(Level.Trial)
    public void close() {
        if (session != null) {
            session.close();
        }
        if (graph != null) {
            graph.close();
        }
        if (openBackend != null) {
            openBackend.close();
        }
    }
}
