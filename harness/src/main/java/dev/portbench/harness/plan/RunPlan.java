package dev.portbench.harness.plan;

import dev.portbench.scenarios.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cells of a run, scenario by scenario, each scenario's backends in the order given. */
public record RunPlan(Suite suite, List<Scenario> scenarios, List<Cell> cells) {

    public static RunPlan of(Suite suite, List<Scenario> scenarios, List<String> backends,
                             Map<String, Map<String, String>> optionsByBackend) {
        List<Cell> cells = new ArrayList<>();
        int total = scenarios.size() * backends.size();
        for (Scenario s : scenarios) {
            for (String b : backends) {
                cells.add(new Cell(cells.size() + 1, total, s, b, optionsByBackend.getOrDefault(b, Map.of())));
            }
        }
        return new RunPlan(suite, List.copyOf(scenarios), List.copyOf(cells));
    }
}
