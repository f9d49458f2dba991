package dev.portbench.harness.measure;

import dev.portbench.harness.telemetry.ProcStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Warms a benchmark up until its time per call is steady, with a cap: calls run in windows of {@link #WINDOW}; once
 * there are {@code 2 × }{@value #BLOCK} windows, the median of the last {@value #BLOCK} windows' mean call times is
 * compared with the median of the {@value #BLOCK} before them, and warm-up ends when they differ by at most
 * {@link TrendCheck#TOLERANCE}, the JIT compilers spent at most {@link #JIT_QUIET} of the last block's wall time
 * compiling, and the process's resident set grew by at most {@value #RESIDENT_QUIET_MB} MiB over it. A JVM whose
 * first seconds run several times slower (code not yet compiled, heap and arenas growing) is not steady until that is
 * over; one that never settles stops at the cap, and says so. The last two conditions are there because a slow phase
 * can be flat: the fp64 oracle's moe-small pass sat at 53 to 61 ms for four seconds while the heap's young generation
 * grew and the kernel faulted in its fresh pages (200 MiB and 50,000 minor faults per half-second, then none, and 37 to
 * 48 ms); in a cell, such a phase put iterations of 131 and 69 ms into a row that settled at 41 to 47. A slow phase
 * that is flat for another reason still looks steady: the trend check on the measured iterations ({@link TrendCheck})
 * is what flags such a row. A window holds at least one call, so a call longer than a tenth of the cap cannot be
 * judged within it: such a benchmark warms up for the whole cap and its row says the cap ended the warm-up.
 */
public final class SteadyStateWarmup {
    public static final Duration WINDOW = Duration.ofMillis(100);
    public static final int BLOCK = 5;
    /** The most of the last block's wall time the JIT compilers may have spent compiling for warm-up to end. */
    public static final double JIT_QUIET = 0.10;
    /** The most the resident set may have grown over the last block for warm-up to end, in MiB. */
    public static final int RESIDENT_QUIET_MB = 16;
    /** The least time in which warm-up can find the time per call steady: {@code 2 × }{@value #BLOCK} windows. */
    public static final Duration SHORTEST = WINDOW.multipliedBy(2L * BLOCK);

    /** A condition of warm-up's end that did not hold when the cap ended it. */
    public enum Unsettled {
        TIME_PER_CALL("the time per call still changing"),
        JIT("the JIT compilers still at work"),
        RESIDENT_SET("the resident set still growing"),
        /** Fewer windows than a condition compares: it was not judged, so it is not named as unsettled either. */
        TOO_FEW_WINDOWS("too few windows of 100 ms to judge whether it had settled (it compares 10: a cap under 1 s,"
                + " or calls longer than a tenth of the cap, leave fewer)");

        private final String description;

        Unsettled(String description) {
            this.description = description;
        }

        int bit() {
            return 1 << ordinal();
        }

        /** The conditions as one number, a bit each, for a JMH secondary result. */
        public static int mask(Set<Unsettled> conditions) {
            return conditions.stream().mapToInt(Unsettled::bit).reduce(0, (a, b) -> a | b);
        }

        /** The conditions of {@link #mask}, in words: "the JIT compilers still at work and …"; empty for 0. */
        public static String describe(int mask) {
            List<String> words = new ArrayList<>();
            for (Unsettled u : values()) {
                if ((mask & u.bit()) != 0) {
                    words.add(u.description);
                }
            }
            return String.join(" and ", words);
        }
    }

    /**
     * How warm-up went: its length, how many windows, whether it ended steady (false: the cap ended it), and what had
     * not settled when the cap ended it (empty when steady, unless an earlier pass of {@link #then} was capped).
     */
    public record Result(Duration elapsed, int windows, boolean steady, Set<Unsettled> unsettled) {
        public Result {
            unsettled = Set.copyOf(unsettled);
        }

        /**
         * This warm-up followed by {@code next} (its recheck): their lengths add up, steadiness is the state
         * {@code next} ended in, and what had not settled when a cap ended either pass is kept, so a first pass the cap
         * ended is not hidden by a steady recheck (steady, with conditions: the first pass was capped).
         */
        public Result then(Result next) {
            Set<Unsettled> both = EnumSet.noneOf(Unsettled.class);
            both.addAll(unsettled);
            both.addAll(next.unsettled);
            return new Result(elapsed.plus(next.elapsed), windows + next.windows, next.steady, both);
        }
    }

    private final Duration cap;
    private final LongSupplier clock;
    private final LongSupplier jitMillis;
    private final DoubleSupplier residentMb;

    public SteadyStateWarmup(Duration cap) {
        this(cap, System::nanoTime, jitMillis(), residentMb());
    }

    /**
     * @param clock      nanoseconds, for tests with a synthetic time source
     * @param jitMillis  the milliseconds the JIT compilers have spent so far
     * @param residentMb the process's resident set now, in MiB
     */
    SteadyStateWarmup(Duration cap, LongSupplier clock, LongSupplier jitMillis, DoubleSupplier residentMb) {
        if (cap.isNegative()) {
            throw new IllegalArgumentException("warm-up cap = " + cap + "; expected zero or a positive duration");
        }
        this.cap = cap;
        this.clock = clock;
        this.jitMillis = jitMillis;
        this.residentMb = residentMb;
    }

    /** This process's resident set ({@link ProcStatus}); off Linux a constant, so it never holds warm-up back. */
    static DoubleSupplier residentMb() {
        return () -> ProcStatus.mb(ProcStatus.RESIDENT).orElse(0);
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
            return new Result(Duration.ZERO, 0, false, Set.of());
        }
        long start = clock.getAsLong();
        long capNanos = cap.toNanos();
        List<Double> windowMeans = new ArrayList<>();
        List<Long> windowEnds = new ArrayList<>();
        List<Long> jitAtEnds = new ArrayList<>();
        List<Double> residentAtEnds = new ArrayList<>();
        windowEnds.add(start);
        jitAtEnds.add(jitMillis.getAsLong());
        residentAtEnds.add(residentMb.getAsDouble());
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
            residentAtEnds.add(residentMb.getAsDouble());
            Set<Unsettled> unsettled = unsettled(windowMeans, windowEnds, jitAtEnds, residentAtEnds);
            boolean steady = unsettled.isEmpty();
            if (steady || clock.getAsLong() - start >= capNanos) {
                return new Result(Duration.ofNanos(clock.getAsLong() - start), windowMeans.size(), steady, unsettled);
            }
        }
        return new Result(Duration.ofNanos(clock.getAsLong() - start), windowMeans.size(), false,
                EnumSet.of(Unsettled.TOO_FEW_WINDOWS));
    }

    /**
     * The conditions that did not hold after the windows so far; a condition with fewer windows than it compares
     * ({@value #BLOCK} for the compilers and the resident set, twice that for the time per call) is not judged, and
     * {@link Unsettled#TOO_FEW_WINDOWS} says so instead.
     */
    static Set<Unsettled> unsettled(List<Double> windowMeans, List<Long> windowEnds, List<Long> jitAtEnds,
                                    List<Double> residentAtEnds) {
        Set<Unsettled> unsettled = EnumSet.noneOf(Unsettled.class);
        int n = windowMeans.size();
        if (n < 2 * BLOCK) {
            unsettled.add(Unsettled.TOO_FEW_WINDOWS);
        } else if (!isSteady(windowMeans)) {
            unsettled.add(Unsettled.TIME_PER_CALL);
        }
        if (n >= BLOCK && !jitWasQuiet(windowEnds, jitAtEnds)) {
            unsettled.add(Unsettled.JIT);
        }
        if (n >= BLOCK && !residentWasFlat(residentAtEnds)) {
            unsettled.add(Unsettled.RESIDENT_SET);
        }
        return unsettled;
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

    /** Whether the resident set grew by at most {@value #RESIDENT_QUIET_MB} MiB over the last {@value #BLOCK}
     *  windows. */
    static boolean residentWasFlat(List<Double> residentAtEnds) {
        int n = residentAtEnds.size() - 1;
        return n >= BLOCK && residentAtEnds.get(n) - residentAtEnds.get(n - BLOCK) <= RESIDENT_QUIET_MB;
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
