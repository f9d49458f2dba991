package dev.portbench.harness.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Warms a benchmark up until its time per call is steady, with a cap: calls run in windows of {@link #WINDOW}; once
 * there are {@code 2 × }{@value #BLOCK} windows, the median of the last {@value #BLOCK} windows' mean call times is
 * compared with the median of the {@value #BLOCK} before them, and warm-up ends when they differ by at most
 * {@link TrendCheck#TOLERANCE}. A JVM whose first seconds run several times slower (code not yet compiled, arenas
 * growing) is not steady until that is over; one that never settles stops at the cap, and says so. A slow phase that
 * is itself flat for a second looks steady: the trend check on the measured iterations ({@link TrendCheck}) is what
 * flags such a row. A window holds at least one call, so a call longer than a tenth of the cap cannot be judged
 * within it: such a benchmark warms up for the whole cap and its row says the cap ended the warm-up.
 */
public final class SteadyStateWarmup {
    public static final Duration WINDOW = Duration.ofMillis(100);
    public static final int BLOCK = 5;

    /** How warm-up went: its length, how many windows, and whether it ended steady (false: the cap ended it). */
    public record Result(Duration elapsed, int windows, boolean steady) {
    }

    private final Duration cap;
    private final LongSupplier clock;

    public SteadyStateWarmup(Duration cap) {
        this(cap, System::nanoTime);
    }

    /** @param clock nanoseconds, for tests with a synthetic time source */
    SteadyStateWarmup(Duration cap, LongSupplier clock) {
        if (cap.isNegative()) {
            throw new IllegalArgumentException("warm-up cap = " + cap + "; expected zero or a positive duration");
        }
        this.cap = cap;
        this.clock = clock;
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
            if (isSteady(windowMeans)) {
                return new Result(Duration.ofNanos(clock.getAsLong() - start), windowMeans.size(), true);
            }
        }
        return new Result(Duration.ofNanos(clock.getAsLong() - start), windowMeans.size(), false);
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
