package dev.portbench.harness.env;

import dev.portbench.harness.gate.GatePolicyYaml;
import dev.portbench.harness.measure.ForkOrderCheck;
import dev.portbench.harness.measure.IntervalEstimate;
import dev.portbench.harness.measure.NestedInterval;
import dev.portbench.harness.worker.ForkTimings;
import dev.portbench.results.gate.ForksToDecide;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How steady this host's speed is at the scale a nightly fork measures ({@code portbench env --stability 40s}): every
 * core runs the same small matrix product over and over, and the products done in each of {@value #BLOCKS} equal
 * blocks of time are compared, the blocks standing for the nightly suite's ten forks of about four measured seconds.
 * A shared or virtual host whose speed moves in phases of seconds (the hypervisor's other guests, invisible to this one
 * as steal time) shows it here before any benchmark: the half-width says how wide a row's 99.9 % interval would be if
 * its forks' means varied as these blocks do, so whether a 5 % gate can decide on this host, and how many forks it
 * would take (two runs of one speed pass a 5 % gate only when each is within 2.6 %). It is a floor, not a
 * forecast: a backend whose threads wait for each other, or that streams memory, feels the host's pauses more than
 * this product does (in one nightly run here: blocks CV 5.6 %, ONNX Runtime's fork means 9.9 % and 13.5 %).
 */
public final class HostStability {
    /** Ten blocks, as the nightly suite has ten forks. */
    static final int BLOCKS = 10;
    private static final int N = 48; // a 48 × 48 product: 18 KiB per matrix, in every core's L1/L2
    private static final Duration WARMUP = Duration.ofSeconds(1);
    /** The largest drop the default gate policy allows ({@code throughput.max_drop}), which the verdict judges by. */
    private static final double DEFAULT_GATE_DROP = GatePolicyYaml.defaults().maxThroughputDrop();
    /** Ten blocks of 100 ms: shorter blocks measure the scheduler's tick, not the host. */
    public static final Duration SHORTEST = Duration.ofSeconds(1);

    /**
     * @param threads        cores that ran the product at once
     * @param blockSeconds   length of one block
     * @param blockRates     products per second in each block, all cores together
     * @param cv             standard deviation of the block rates over their mean
     * @param minRatio       the slowest block's rate over the mean
     * @param maxRatio       the fastest block's rate over the mean
     * @param halfWidthOfMean the 99.9 % Student-t half-width of the mean rate, as a fraction of it
     * @param order          whether the block rates follow their order, as {@link ForkOrderCheck} judges forks
     */
    public record Result(int threads, double blockSeconds, double[] blockRates, double cv, double minRatio,
                         double maxRatio, double halfWidthOfMean, ForkOrderCheck.Verdict order) {

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threads", threads);
            m.put("block_s", blockSeconds);
            m.put("blocks", blockRates.length);
            m.put("block_rates_per_s", Arrays.stream(blockRates).map(r -> Math.round(r * 10) / 10.0).toArray());
            m.put("cv", cv);
            m.put("slowest_block_vs_mean", minRatio);
            m.put("fastest_block_vs_mean", maxRatio);
            m.put("half_width_999", halfWidthOfMean);
            m.put("lag1", order.lag1());
            m.put("lag1_p", order.pValue());
            m.put("forks_to_pass_gate", forksToPass().isPresent() ? forksToPass().getAsInt() : null);
            m.put("verdict", verdict());
            return m;
        }

        /**
         * What the numbers mean for a gate that allows a 5 % drop. Two runs of one speed pass it only when each row's
         * half-width is at most 0.05 / 1.95 = 2.6 % (the ratio's range then starts at 0.95); forks whose means vary
         * as these blocks do reach that width at the number of forks the verdict names.
         */
        public String verdict() {
            double passable = ForksToDecide.passableHalfWidth(DEFAULT_GATE_DROP);
            String width = String.format(Locale.ROOT, "%.1f %%", 100 * halfWidthOfMean);
            String gate = String.format(Locale.ROOT, "%.0f %%", 100 * DEFAULT_GATE_DROP);
            String bound = String.format(Locale.ROOT, "%.1f %%", 100 * passable);
            String rows = "forks varying as these blocks would give rows a 99.9 % half-width of " + width;
            if (halfWidthOfMean <= passable) {
                return "steady: " + rows + ", within the " + bound + " at which two runs of one speed pass a " + gate
                        + " gate (a floor: a backend's forks may vary more; the rows' own half-widths decide)"
                        + phases();
            }
            java.util.OptionalInt forks = forksToPass();
            String needed = forks.isPresent() ? "about " + forks.getAsInt() + " forks would reach it" : "no number of"
                    + " forks up to 10000 would reach it";
            return "unsteady: " + rows + "; two runs of one speed with equal half-widths pass a " + gate + " gate only"
                    + " within " + bound + " each, so at the nightly settings a " + gate + " gate cannot pass an"
                    + " unchanged build on this host (a larger drop it may still show); " + needed
                    + " (a floor; docs/nightly.md)" + phases();
        }

        /** What the verdict adds where the blocks' rates followed their order; empty otherwise. */
        private String phases() {
            if (!order.independent().equals(java.util.Optional.of(false))) {
                return "";
            }
            return String.format(Locale.ROOT, "; the blocks' rates follow their order (lag-1 autocorrelation %.2f;"
                    + " p = %.4f that blocks in a random order would do so as much): the host's speed moves in phases"
                    + " longer than a block, so neighbouring forks will resemble each other, and forks narrow a row's"
                    + " interval less than their number says", order.lag1(), order.pValue());
        }

        /** Forks whose means vary as these blocks do that give the half-width two runs of one speed need to pass. */
        public java.util.OptionalInt forksToPass() {
            return ForksToDecide.forSpread(cv, ForksToDecide.passableHalfWidth(DEFAULT_GATE_DROP));
        }
    }

    private HostStability() {
    }

    /** Runs the product on {@code threads} cores for {@code total} after a second's warm-up; blocks a tenth each. */
    public static Result measure(Duration total, int threads) throws InterruptedException {
        if (total.compareTo(SHORTEST) < 0 || threads < 1) {
            throw new IllegalArgumentException("stability measurement of " + total.toMillis() + " ms on " + threads
                    + " threads; expected at least " + SHORTEST.toMillis() + " ms (" + BLOCKS + " blocks of 100 ms)"
                    + " and one thread");
        }
        LongAdder done = new LongAdder();
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> spin(done), "stability-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        try {
            Thread.sleep(WARMUP.toMillis());
            long blockNanos = total.toNanos() / BLOCKS;
            double[] rates = new double[BLOCKS];
            long count = done.sum();
            long start = System.nanoTime();
            long blockStart = start;
            for (int b = 0; b < BLOCKS; b++) {
                long until = start + (b + 1) * blockNanos;
                for (long now = System.nanoTime(); now < until; now = System.nanoTime()) {
                    Thread.sleep(Math.max(1, (until - now) / 1_000_000));
                }
                long c = done.sum();
                long end = System.nanoTime();
                rates[b] = (c - count) / ((end - blockStart) / 1e9); // products counted between the two reads
                count = c;
                blockStart = end;
            }
            return of(rates, threads, blockNanos / 1e9);
        } finally {
            for (Thread w : workers) {
                w.interrupt();
            }
        }
    }

    /** The statistics of measured block rates: the rows' own interval (one fork, the blocks its iterations). */
    static Result of(double[] rates, int threads, double blockSeconds) {
        IntervalEstimate interval = NestedInterval.of(new double[][] {rates}, ForkTimings.CONFIDENCE);
        double mean = interval.mean();
        double ss = 0;
        for (double r : rates) {
            ss += (r - mean) * (r - mean);
        }
        double sd = Math.sqrt(ss / (rates.length - 1));
        return new Result(threads, blockSeconds, rates.clone(), sd / mean,
                Arrays.stream(rates).min().orElseThrow() / mean, Arrays.stream(rates).max().orElseThrow() / mean,
                interval.halfWidth() / mean, ForkOrderCheck.of(rates));
    }

    private static void spin(LongAdder done) {
        double[] a = new double[N * N];
        double[] b = new double[N * N];
        double[] c = new double[N * N];
        Arrays.fill(a, 1.0 / N);
        Arrays.fill(b, 0.5);
        while (!Thread.currentThread().isInterrupted()) {
            product(a, b, c);
            a[0] = c[N * N - 1] * 1e-9; // the result feeds the next product: nothing for the JIT to drop
            done.increment();
        }
    }

    private static void product(double[] a, double[] b, double[] c) {
        Arrays.fill(c, 0);
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < N; k++) {
                double aik = a[i * N + k];
                for (int j = 0; j < N; j++) {
                    c[i * N + j] += aik * b[k * N + j];
                }
            }
        }
    }
}
