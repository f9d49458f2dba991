package dev.portbench.harness.worker;

import dev.portbench.harness.measure.ForkOrderCheck;
import dev.portbench.harness.measure.ForkSamples;
import dev.portbench.harness.measure.IntervalEstimate;
import dev.portbench.harness.measure.NestedInterval;
import dev.portbench.harness.measure.TrendCheck;
import org.openjdk.jmh.util.MultisetStatistics;

import java.util.List;

/**
 * One benchmark's {@link Timing} from its forks, wherever they ran: the cell JVM summarises the forks JMH ran for it,
 * the suite runner the forks a run's rounds ran in separate cell JVMs, with the same code. The mean and its 99.9%
 * interval come from the iteration means over iterations and forks ({@link NestedInterval}), percentiles from every
 * sample of every fork, the warm-up from the longest fork and whether all forks ended it steady, the JIT's share of
 * the measured time from the fork where it was largest, and whether the fork means drifted in the order the forks
 * ran ({@link ForkOrderCheck}; the forks come in that order, a round's after the round before).
 */
public final class ForkTimings {
    public static final double CONFIDENCE = 0.999;

    private ForkTimings() {
    }

    public static Timing summarise(List<ForkSamples> forks) {
        if (forks.isEmpty()) {
            throw new IllegalArgumentException("no fork to summarise; expected at least one");
        }
        double[][] means = new double[forks.size()][];
        MultisetStatistics samples = new MultisetStatistics();
        Double warmupS = null;
        Boolean warmupSteady = null;
        Integer unsettled = null;
        Double jitShare = null;
        for (int f = 0; f < forks.size(); f++) {
            ForkSamples fork = forks.get(f);
            means[f] = fork.iterationMeans();
            for (int i = 0; i < fork.values().length; i++) {
                samples.addValue(fork.values()[i], fork.counts()[i]);
            }
            if (fork.warmupS() != null) {
                warmupS = warmupS == null ? fork.warmupS() : Math.max(warmupS, fork.warmupS());
            }
            if (fork.warmupSteady() != null) {
                warmupSteady = warmupSteady == null ? fork.warmupSteady() : warmupSteady && fork.warmupSteady();
            }
            if (fork.warmupUnsettled() != null) {
                unsettled = unsettled == null ? fork.warmupUnsettled() : unsettled | fork.warmupUnsettled();
            }
            if (fork.jitShare() != null) {
                jitShare = jitShare == null ? fork.jitShare() : Math.max(jitShare, fork.jitShare());
            }
        }
        IntervalEstimate estimate = NestedInterval.of(means, CONFIDENCE);
        TrendCheck.Verdict trend = TrendCheck.of(means);
        ForkOrderCheck.Verdict order = ForkOrderCheck.of(ForkOrderCheck.forkMeans(means));
        int iterations = java.util.Arrays.stream(means).mapToInt(m -> m.length).min().orElse(0); // the fewest a fork had
        boolean anySample = samples.getN() > 0;
        return new Timing(finite(estimate.mean()), finite(estimate.halfWidth()),
                anySample ? finite(samples.getPercentile(50)) : null,
                anySample ? finite(samples.getPercentile(90)) : null,
                anySample ? finite(samples.getPercentile(99)) : null,
                samples.getN(), forks.size(), iterations, estimate.basis(), trend.steady().orElse(null),
                trend.reason(), warmupS, warmupSteady, unsettled, jitShare, order.lag1(), order.pValue());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
