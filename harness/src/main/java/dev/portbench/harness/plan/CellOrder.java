package dev.portbench.harness.plan;

import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.byo.ByoModel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The order a run's cells execute in: shuffled with a recorded seed, so that neither backend of an A/B (say
 * {@code onnxruntime-cpu@1.28.0} and {@code @1.29.0}) always runs first and takes the machine's drift (thermal, other
 * load) alone. Scenarios stay grouped, so each one's graphs and oracle are still prepared once: the order of the
 * scenarios is shuffled, then the order of the cells within each. Bring-your-own models follow, shuffled the same way.
 * Cells are numbered in the new order (the number is in each cell's directory name). {@link Random} is specified to
 * give the same sequence for a seed on every JVM, so a resumed run rebuilds the same order and names from the seed.
 */
public final class CellOrder {
    private CellOrder() {
    }

    public static RunPlan shuffled(RunPlan plan, long seed) {
        Random random = new Random(seed);
        int total = plan.size();
        List<Scenario> scenarios = new ArrayList<>(plan.scenarios());
        Collections.shuffle(scenarios, random);
        List<Cell> cells = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<Cell> own = new ArrayList<>(plan.cells(s));
            Collections.shuffle(own, random);
            for (Cell c : own) {
                cells.add(new Cell(cells.size() + 1, total, c.scenario(), c.workload(), c.dtype(), c.backend(),
                        c.options()));
            }
        }
        Map<ByoModel, List<ByoCell>> byModel = new LinkedHashMap<>();
        for (ByoCell c : plan.byoCells()) {
            byModel.computeIfAbsent(c.model(), m -> new ArrayList<>()).add(c);
        }
        List<ByoModel> models = new ArrayList<>(byModel.keySet());
        Collections.shuffle(models, random);
        List<ByoCell> byoCells = new ArrayList<>();
        for (ByoModel m : models) {
            List<ByoCell> own = new ArrayList<>(byModel.get(m));
            Collections.shuffle(own, random);
            for (ByoCell c : own) {
                byoCells.add(new ByoCell(cells.size() + byoCells.size() + 1, total, c.model(), c.backend(),
                        c.options()));
            }
        }
        return new RunPlan(plan.suite(), List.copyOf(scenarios), List.copyOf(cells), List.copyOf(byoCells));
    }

    /**
     * The order of a run's cells in round {@code round} (1-based) of a run that measures each cell's forks in rounds:
     * the given order in the first round, then a new shuffle per round, from the run's seed and the round's number, so
     * no cell always runs first (or right after the same neighbour). The order is the same for the same seed, round and
     * list of cells; a resumed run, which has fewer cells left, gets orders of its own.
     */
    public static <T> List<T> forRound(List<T> cells, int round, long seed) {
        List<T> order = new ArrayList<>(cells);
        if (round > 1) {
            Collections.shuffle(order, new Random(seed * 1_000_003L + round));
        }
        return order;
    }
}
