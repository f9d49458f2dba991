package dev.portbench.harness.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Warms a benchmark up until its time per call is steady, with a cap: calls run in windows of {@link #WINDOW}; once
 * there are {@code 2 × }{@value #BLOCK} windows, the median of the last {@value #BLOCK} windows' mean call times is
 * compared with the median of the {@value #BLOCK} before them, and warm-up ends when they differ by at most
 * {@link TrendCheck#TOLERANCE}, and the JIT compilers spent at most {@link #JIT_QUIET} of the last block's wall time
 * compiling. A JVM whose first seconds run several times slower (code not yet compiled, arenas growing) is not steady
 * until that is over; one that never settles stops at the cap, and says so. The JIT condition is there because a slow
 * phase can be flat while the compilers are still at work: on a 2-core machine whose cores the benchmark keeps busy,
 * C2 took seconds to finish the fp64 oracle's kernels, the times per call sat flat at three times their final value
 * for over a second, and the first measured iterations ran at 112 and 55 ms before settling at 37 to 43. A slow phase
 * that is flat for another reason still looks steady: the trend check on the measured iterations ({@link TrendCheck})
 * is what flags such a row. A window holds at least one call, so a call longer than a tenth of the cap cannot be
 * judged within it: such a benchmark warms up for the whole cap and its row says the cap ended the warm-up.
 */
public final class SteadyStateWarmup {
    public static final Duration WINDOW = Duration.ofMillis(100);
    public static final int BLOCK = 5;
    /** The most of the last block's wall time the JIT compilers may have spent compiling for warm-up to end. */
    public static final double JIT_QUIET = 0.10;

    /** How warm-up went: its length, how many windows, and whether it ended steady (false: the cap ended it). */
    public record Result(Duration elapsed, int windows, boolean steady) {
    }

    private final Duration cap;
    private final LongSupplier clock;
    private final LongSupplier jitMillis;

    public SteadyStateWarmup(Duration cap) {
        this(cap, System::nanoTime, jitMillis());
    }

    /**
     * @param clock     nanoseconds, for tests with a synthetic time source
     * @param jitMillis the milliseconds the JIT compilers have spent so far
     */
    SteadyStateWarmup(Duration cap, LongSupplier clock, LongSupplier jitMillis) {
        if (cap.isNegative()) {
            throw new IllegalArgumentException("warm-up cap = " + cap + "; expected zero or a positive duration");
        }
        this.cap = cap;
        this.clock = clock;
        this.jitMillis = jitMillis;
    }

    /**
     * The JVM's accumulated compilation time ({@link java.lang.management.CompilationMXBean}); where the JVM has no JIT
     * or does not time it, a constant, so only the times per call decide.
     */
    static LongSupplier jitMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : () -> 0L;
    }

    /**
     * @param call    the timed call
     * @param between what runs between calls, untimed (freeing what a call left behind)
     */
    public Result run(Runnable call, Runnable between) {
        if (cap.isZero()) {
            return new Result(Duration.ZERO, 0, false);
        }
        long start = clock.getAsLong();
        long capNanos = cap.toNanos();
        List<Double> windowMeans = new ArrayList<>();
        List<Long> windowEnds = new ArrayList<>();
        List<Long> jitAtEnds = new ArrayList<>();
        windowEnds.add(start);
        jitAtEnds.add(jitMillis.getAsLong());
        while (clock.getAsLong() - start < capNanos) {
            long windowStart = clock.getAsLong();
            long busy = 0;
            int calls = 0;
            do {
                long t0 = clock.getAsLong();
                call.run();
                busy += clock.getAsLong() - t0;
                calls++;
                between.run();
            } while (clock.getAsLong() - windowStart < WINDOW.toNanos() && clock.getAsLong() - start < capNanos);
            windowMeans.add((double) busy / calls);
            windowEnds.add(clock.getAsLong());
            jitAtEnds.add(jitMillis.getAsLong());
            if (isSteady(windowMeans) && jitWasQuiet(windowEnds, jitAtEnds)) {
                return new Result(Duration.ofNanos(clock.getAsLong() - start), windowMeans.size(), true);
            }
        }
        return new Result(Duration.ofNanos(clock.getAsLong() - start), windowMeans.size(), false);
    }

    /** Whether the JIT spent at most {@link #JIT_QUIET} of the last {@value #BLOCK} windows' wall time compiling. */
    static boolean jitWasQuiet(List<Long> windowEnds, List<Long> jitAtEnds) {
        int n = windowEnds.size() - 1;
        if (n < BLOCK) {
            return false;
        }
        double spanMs = (windowEnds.get(n) - windowEnds.get(n - BLOCK)) / 1e6;
        return jitAtEnds.get(n) - jitAtEnds.get(n - BLOCK) <= JIT_QUIET * spanMs;
    }

    static boolean isSteady(List<Double> windowMeans) {
        int n = windowMeans.size();
        if (n < 2 * BLOCK) {
            return false;
        }
        double[] earlier = new double[BLOCK];
        double[] last = new double[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            earlier[i] = windowMeans.get(n - 2 * BLOCK + i);
            last[i] = windowMeans.get(n - BLOCK + i);
        }
        double before = TrendCheck.median(earlier);
        return Math.abs(TrendCheck.median(last) - before) <= TrendCheck.TOLERANCE * before;
    }
}
