package dev.portbench.results.gate;

import java.util.Map;
import java.util.Objects;

/**
 * What the gate tolerates between a baseline and a candidate (the policy file's keys in docs/compare-and-gate.md).
 *
 * @param maxThroughputDrop  tokens/s may fall by at most this fraction (0.05 = 5%) when the drop is significant
 * @param inconclusive       a cell whose throughput interval is too wide to rule out a larger drop
 * @param maxPeakRssGrowth   peak RSS may grow by at most this fraction
 * @param maxWeightsGrowth   weights in memory may grow by at most this fraction
 * @param statusRegression   a cell OK in the baseline and not OK in the candidate
 * @param missingCells       a cell of the baseline without a row in the candidate
 * @param drift              budgets per dtype id ({@code fp32}, {@code int8-wo}, ...)
 * @param defaultDrift       the budget of dtypes not in {@code drift}
 * @param maxFallbackShare   an accelerator backend may run at most this share of the graph's nodes on the CPU
 *                           (1 − {@code accel_node_share}); NaN switches the check off
 * @param settingsChanged    a cell whose backend ran with other options or threads, or on another host or device,
 *                           in the candidate than in the baseline
 */
public record GatePolicy(double maxThroughputDrop, Rule inconclusive, double maxPeakRssGrowth, double maxWeightsGrowth,
                         Rule statusRegression, Rule missingCells, Map<String, DriftBudget> drift,
                         DriftBudget defaultDrift, double maxFallbackShare, Rule settingsChanged) {

    /** A policy that warns of changed settings. */
    public GatePolicy(double maxThroughputDrop, Rule inconclusive, double maxPeakRssGrowth, double maxWeightsGrowth,
                      Rule statusRegression, Rule missingCells, Map<String, DriftBudget> drift,
                      DriftBudget defaultDrift, double maxFallbackShare) {
        this(maxThroughputDrop, inconclusive, maxPeakRssGrowth, maxWeightsGrowth, statusRegression, missingCells, drift,
                defaultDrift, maxFallbackShare, Rule.WARN);
    }

    /** A policy with the default placement bound: no node of an accelerator backend may fall back to the CPU. */
    public GatePolicy(double maxThroughputDrop, Rule inconclusive, double maxPeakRssGrowth, double maxWeightsGrowth,
                      Rule statusRegression, Rule missingCells, Map<String, DriftBudget> drift,
                      DriftBudget defaultDrift) {
        this(maxThroughputDrop, inconclusive, maxPeakRssGrowth, maxWeightsGrowth, statusRegression, missingCells, drift,
                defaultDrift, 0.0);
    }

    public GatePolicy {
        Objects.requireNonNull(inconclusive, "inconclusive");
        Objects.requireNonNull(statusRegression, "statusRegression");
        Objects.requireNonNull(missingCells, "missingCells");
        drift = Map.copyOf(drift);
        Objects.requireNonNull(defaultDrift, "defaultDrift");
        Objects.requireNonNull(settingsChanged, "settingsChanged");
    }

    public DriftBudget budget(String dtype) {
        return drift.getOrDefault(dtype, defaultDrift);
    }
}
