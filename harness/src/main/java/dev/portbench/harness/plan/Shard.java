package dev.portbench.harness.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One of {@code count} disjoint parts of a plan ({@code run --shard INDEX/COUNT}, 0 ≤ INDEX &lt; COUNT), as a Slurm
 * array task runs it. The cells are sorted by their names (scenario/workload/dtype/backend; a bring-your-own model's
 * name and backend) and dealt out in turn, so the split depends on the plan's cells only, never on a run's shuffle:
 * running one shard again runs the same cells, and the shards of one plan together hold each cell exactly once.
 */
public record Shard(int index, int count) {

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + "; expected INDEX/COUNT with"
                    + " 0 <= INDEX < COUNT, e.g. 0/4 for the first of four (a Slurm array task's id)");
        }
    }

    /** Parses {@code INDEX/COUNT}. */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("--shard " + text + "; expected INDEX/COUNT, two whole numbers such as"
                + " 0/4");
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    /** The plan's cells of this shard, numbered anew; scenarios without a cell here are dropped. */
    public RunPlan select(RunPlan plan) {
        Set<String> names = new TreeSet<>(Comparator.naturalOrder());
        plan.cells().forEach(c -> names.add(name(c)));
        plan.byoCells().forEach(c -> names.add(name(c)));
        List<String> sorted = new ArrayList<>(names);
        Function<String, Boolean> mine = n -> sorted.indexOf(n) % count == index;
        List<Cell> kept = plan.cells().stream().filter(c -> mine.apply(name(c))).toList();
        List<ByoCell> keptByo = plan.byoCells().stream().filter(c -> mine.apply(name(c))).toList();
        int total = kept.size() + keptByo.size();
        List<Cell> cells = new ArrayList<>();
        for (Cell c : kept) {
            cells.add(new Cell(cells.size() + 1, total, c.scenario(), c.workload(), c.dtype(), c.backend(),
                    c.options()));
        }
        List<ByoCell> byo = new ArrayList<>();
        for (ByoCell c : keptByo) {
            byo.add(new ByoCell(cells.size() + byo.size() + 1, total, c.model(), c.backend(), c.options()));
        }
        return new RunPlan(plan.suite(), plan.scenarios().stream()
                .filter(s -> cells.stream().anyMatch(c -> c.scenario().name().equals(s.name()))).toList(),
                List.copyOf(cells), List.copyOf(byo));
    }

    static String name(Cell c) {
        return c.scenario().name() + "/" + c.workload().name() + "/" + c.dtype().id() + "/" + c.backend();
    }

    static String name(ByoCell c) {
        return c.model().name() + "/byo/" + c.backend();
    }
}
