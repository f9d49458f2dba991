package dev.portbench.harness.plan;

import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.byo.ByoModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The cells of a run, scenario by scenario (so each scenario's model and oracle are prepared once), in the order the
 * suite's matrix names them; a cell named twice by the matrix runs once.
 */
public record RunPlan(Suite suite, List<Scenario> scenarios, List<Cell> cells, List<ByoCell> byoCells) {

    /** A plan of portbench's own scenarios only. */
    public static RunPlan of(Suite suite, Function<String, Scenario> resolve, List<String> backends,
                             Map<String, Map<String, String>> optionsByBackend) {
        return of(suite, resolve, n -> Optional.empty(), backends, optionsByBackend);
    }

    /**
     * @param resolve    finds a scenario by name; throws for names that are neither a scenario nor a BYO model
     * @param resolveByo finds a bring-your-own model by name; the matrix's workloads and dtypes do not apply to it
     * @throws IllegalArgumentException when an entry names a workload a scenario does not have
     */
    public static RunPlan of(Suite suite, Function<String, Scenario> resolve,
                             Function<String, Optional<ByoModel>> resolveByo, List<String> backends,
                             Map<String, Map<String, String>> optionsByBackend) {
        Map<String, ByoModel> byo = new LinkedHashMap<>();
        record Key(String scenario, String workload, Dtype dtype, String backend) {
        }
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        Map<String, List<Key>> byScenario = new LinkedHashMap<>();
        Set<Key> seen = new LinkedHashSet<>();
        for (SuiteEntry entry : suite.matrix()) {
            for (String name : entry.scenarios()) {
                Optional<ByoModel> own = resolveByo.apply(name);
                if (own.isPresent()) {
                    byo.put(name, own.get());
                    continue;
                }
                Scenario s = scenarios.computeIfAbsent(name, resolve);
                for (Workload w : workloads(s, entry)) {
                    for (Dtype d : entry.dtypes()) {
                        for (String b : backends) {
                            Key key = new Key(name, w.name(), d, b);
                            if (seen.add(key)) {
                                byScenario.computeIfAbsent(name, n -> new ArrayList<>()).add(key);
                            }
                        }
                    }
                }
            }
        }
        int total = seen.size() + byo.size() * backends.size();
        List<Cell> cells = new ArrayList<>();
        for (List<Key> keys : byScenario.values()) {
            for (Key k : keys) {
                Scenario s = scenarios.get(k.scenario());
                cells.add(new Cell(cells.size() + 1, total, s, s.workload(k.workload()).orElseThrow(), k.dtype(),
                        k.backend(), optionsByBackend.getOrDefault(k.backend(), Map.of())));
            }
        }
        List<ByoCell> byoCells = new ArrayList<>();
        for (ByoModel m : byo.values()) {
            for (String b : backends) {
                byoCells.add(new ByoCell(cells.size() + byoCells.size() + 1, total, m, b,
                        optionsByBackend.getOrDefault(b, Map.of())));
            }
        }
        return new RunPlan(suite, List.copyOf(scenarios.values()), List.copyOf(cells), List.copyOf(byoCells));
    }

    private static List<Workload> workloads(Scenario s, SuiteEntry entry) {
        if (entry.workloads().isEmpty()) {
            return s.workloads();
        }
        List<Workload> out = new ArrayList<>();
        for (String w : entry.workloads()) {
            out.add(s.workload(w).orElseThrow(() -> new IllegalArgumentException("scenario " + s.name()
                    + " has no workload '" + w + "'; it has: " + String.join(", ", s.workloadNames()))));
        }
        return out;
    }

    public int size() {
        return cells.size() + byoCells.size();
    }

    public List<Cell> cells(Scenario scenario) {
        return cells.stream().filter(c -> c.scenario().name().equals(scenario.name())).toList();
    }
}
