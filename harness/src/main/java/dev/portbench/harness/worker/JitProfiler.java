package dev.portbench.harness.worker;

import dev.portbench.harness.env.ProcessCpu;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU time the JIT compiler threads used during a fork's measured iterations ({@value #COMPILING_MS}) and how
 * long those iterations lasted ({@value #MEASURED_MS}), both summed by JMH. The warm-up ends once the time per call is
 * steady, yet C2 may still compile a large method later: once its invocation counters reach the threshold, or after
 * code the benchmark did not run before (JMH's own) discarded compiled code. On a host with few cores the compiler
 * thread then takes a core from the benchmark's threads; the row's reason says when it worked for much of the time.
 * CPU time rather than {@code CompilationMXBean}'s elapsed time per compilation, which also counts the time a compiler
 * thread waited for a core. Read from {@code /proc/self/task} (HotSpot names the threads {@code C1/C2 CompilerThread};
 * the kernel keeps 15 characters); where there is none, nothing is reported.
 */
public final class JitProfiler implements InternalProfiler {
    public static final String COMPILING_MS = "jit_cpu_ms";
    public static final String MEASURED_MS = "jit_measured_ms";

    private static final Path THREADS = Path.of("/proc/self/task");
    /** Looked up once per fork, not per iteration. */
    private static final boolean READABLE = Files.isDirectory(THREADS);
    private static final String COMPILER_THREAD = "CompilerThre";

    private Map<Long, Long> ticksAtStart = Map.of();
    private long startNanos;
    private boolean registered;
    /** Set when the window was ended before JMH stopped the profiler ({@link MeasuredWindows}); else null. */
    private volatile Map<Long, Long> ticksAtEnd;
    private volatile long endNanos;

    @Override
    public String getDescription() {
        return "CPU time of the JIT compiler threads during the measured iterations";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        // warm-up iterations too, unreported: code that first runs in a measured iteration can make the JIT recompile
        if (READABLE) {
            if (!registered) {
                registered = true;
                MeasuredWindows.onEnd(this::endWindow);
            }
            ticksAtEnd = null;
            ticksAtStart = compilerTicks();
            startNanos = System.nanoTime();
        }
    }

    /** Ends this iteration's window now (the trial's teardown follows); the first end counts. */
    private void endWindow() {
        if (ticksAtEnd == null) {
            endNanos = System.nanoTime();
            ticksAtEnd = compilerTicks();
        }
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        if (!READABLE) {
            return List.of();
        }
        Map<Long, Long> ended = ticksAtEnd;
        double wallMs = ((ended != null ? endNanos : System.nanoTime()) - startNanos) / 1e6;
        double compilingMs = cpuMs(ticksAtStart, ended != null ? ended : compilerTicks());
        if (iterationParams.getType() != IterationType.MEASUREMENT) {
            return List.of();
        }
        return List.of(new ScalarResult(COMPILING_MS, compilingMs, "ms", AggregationPolicy.SUM),
                new ScalarResult(MEASURED_MS, wallMs, "ms", AggregationPolicy.SUM));
    }

    /** Each compiler thread's CPU ticks so far, by thread id. */
    private static Map<Long, Long> compilerTicks() {
        return ProcessCpu.read(THREADS).entrySet().stream()
                .filter(e -> e.getValue().name().contains(COMPILER_THREAD))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().ticks()));
    }

    /**
     * The compiler threads' CPU between two readings, in ms: a thread started in between counts from zero; one that
     * ended in between (HotSpot stops idle compiler threads) is lost, so this is a lower bound.
     */
    static double cpuMs(Map<Long, Long> before, Map<Long, Long> after) {
        long ticks = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            ticks += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0L));
        }
        return ticks * 1000 / ProcessCpu.TICKS_PER_SECOND;
    }

    /** The share of the measured time the compilers worked: compiling ÷ measured; null where either is unknown. */
    static Double share(Double compilingMs, Double measuredMs) {
        return compilingMs == null || measuredMs == null || measuredMs <= 0 ? null : compilingMs / measuredMs;
    }
}
