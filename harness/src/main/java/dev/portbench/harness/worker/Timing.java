package dev.portbench.harness.worker;

/**
 * One timed benchmark's result in milliseconds per call. {@code meanMs} is the mean of the iteration means and
 * {@code errorMs} the half-width of its 99.9% interval over iterations and forks ({@code intervalBasis} says how it was
 * made; see NestedInterval); percentiles come from every sample. Fields are null where nothing was measured (e.g. no
 * interval from a single iteration); {@code steady} is null where too few iterations could not be judged;
 * {@code warmupUnsettled} is what had not settled in the forks where the cap ended the warm-up or its first pass
 * ({@link dev.portbench.harness.measure.SteadyStateWarmup.Unsettled#mask}, over all such forks), null where unknown;
 * {@code jitShare}
 * the largest share of a fork's measured time the JIT compilers worked, null where unknown; {@code forkLag1} and
 * {@code forkLag1P} the fork means' lag-1 autocorrelation in run order and its permutation p-value
 * ({@link dev.portbench.harness.measure.ForkOrderCheck}), null where the forks were too few to judge.
 */
public record Timing(Double meanMs, Double errorMs, Double p50Ms, Double p90Ms, Double p99Ms, Long samples,
                     Integer forks, Integer iterations, String intervalBasis, Boolean steady, String steadyReason,
                     Double warmupS, Boolean warmupSteady, Integer warmupUnsettled, Double jitShare,
                     Double forkLag1, Double forkLag1P) {

    /** A timing with only the distribution, for tests and callers that know nothing of warm-up or steadiness. */
    public static Timing of(Double meanMs, Double errorMs, Double p50Ms, Double p90Ms, Double p99Ms, Long samples) {
        return new Timing(meanMs, errorMs, p50Ms, p90Ms, p99Ms, samples, null, null, null, null, null, null, null,
                null, null, null, null);
    }
}
