package dev.portbench.harness.measure;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one JMH fork measured for one benchmark, kept raw so that forks run in different JVMs at different times (a
 * run's rounds) can be summarised together exactly as if one JMH run had made them: each measured iteration's mean
 * time per call, every sample as a histogram ({@code values[i]} ms seen {@code counts[i]} times), and how the fork's
 * warm-up ended.
 *
 * @param warmupS      seconds the fork's steady-state warm-up took; null where unknown
 * @param warmupSteady whether that warm-up ended steady rather than at its cap; null where unknown
 * @param warmupUnsettled what had not settled when the cap ended it ({@link SteadyStateWarmup.Unsettled#mask}, 0 when
 *                        steady); null where unknown (runs written before it was recorded)
 * @param jitShare     the share of the measured iterations' time the JIT compilers worked; null where unknown
 */
public record ForkSamples(double[] iterationMeans, double[] values, long[] counts, Double warmupS,
                          Boolean warmupSteady, Integer warmupUnsettled, Double jitShare) {

    public ForkSamples {
        Objects.requireNonNull(iterationMeans, "iterationMeans");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(counts, "counts");
        if (values.length != counts.length) {
            throw new IllegalArgumentException("a fork's histogram has " + values.length + " values but "
                    + counts.length + " counts; expected one count per value");
        }
    }

    /** Samples in the histogram. */
    public long sampleCount() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForkSamples f && Arrays.equals(iterationMeans, f.iterationMeans)
                && Arrays.equals(values, f.values) && Arrays.equals(counts, f.counts)
                && Objects.equals(warmupS, f.warmupS) && Objects.equals(warmupSteady, f.warmupSteady)
                && Objects.equals(warmupUnsettled, f.warmupUnsettled) && Objects.equals(jitShare, f.jitShare);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(iterationMeans), Arrays.hashCode(values), Arrays.hashCode(counts),
                warmupS, warmupSteady, warmupUnsettled, jitShare);
    }

    @Override
    public String toString() {
        return "ForkSamples[iterationMeans=" + Arrays.toString(iterationMeans) + ", samples=" + sampleCount()
                + ", warmupS=" + warmupS + ", warmupSteady=" + warmupSteady + ", warmupUnsettled=" + warmupUnsettled
                + ", jitShare=" + jitShare + "]";
    }
}
