package dev.portbench.results.gate;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every check on every cell, in comparison order then check order. The gate passes when no check failed; warnings
 * are for people to read and do not fail it.
 *
 * @param baseline  what the baseline was, for the summaries (a directory, and a backend for A/B pairs)
 * @param candidate what the candidate was
 * @param policy    where the policy came from (a file, or the built-in default)
 */
public record GateReport(String baseline, String candidate, String policy, List<CheckResult> results) {

    public GateReport {
        results = List.copyOf(results);
    }

    public boolean passed() {
        return results.stream().noneMatch(r -> r.outcome() == Outcome.FAIL);
    }

    public Map<Outcome, Long> counts() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, results.stream().filter(r -> r.outcome() == outcome).count());
        }
        return counts;
    }

    public List<CheckResult> with(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).toList();
    }
}
