package dev.portbench.harness.measure;

/**
 * A mean with the half-width of its confidence interval and how it was made.
 *
 * @param halfWidth NaN when the data cannot give an interval (a single iteration)
 * @param degreesOfFreedom of the Student t quantile the half-width uses
 * @param basis {@code pooled} (forks × iterations as one sample: no evidence of variance between forks),
 *              {@code between-forks} (fork means: forks differ more than their iterations explain),
 *              {@code one-fork} (iterations of the only fork: variance between forks unknown) or {@code none}
 */
public record IntervalEstimate(double mean, double halfWidth, int degreesOfFreedom, String basis) {
}
