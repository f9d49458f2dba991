package dev.portbench.harness.run;

import dev.portbench.harness.plan.JmhSettings;
import dev.portbench.harness.worker.CellOutcome;
import dev.portbench.harness.worker.Timing;
import dev.portbench.results.gate.ForksToDecide;

import dev.portbench.results.TextFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How many forks a cell gets where its suite allows more than it plans ({@code jmh.max_forks}). The rule sizes the
 * experiment from the variance measured so far, in the manner of Stein's two-stage procedure and of Kalibera and Jones
 * ("Rigorous benchmarking in reasonable time", ISMM 2013). After the planned forks, their spread says how many forks
 * would bring each of the cell's timings to a tokens/s half-width within the target; the cell gets that many, at most
 * {@code max_forks}. It runs all of them whatever its interval reads on the way, so a lucky narrow interval does not
 * end it early. Once it has, the spread of all its forks is judged again the same way: a cell whose later forks vary
 * more than its planned ones did gets the further forks that spread says, at most {@code max_forks} in all.
 *
 * <p>A half-width scales with Student's t over the square root of its samples ({@link ForksToDecide#halfWidthPerSd}):
 * the fork means where the interval is {@code between-forks}, every iteration mean where it is {@code pooled}. A
 * timing with no interval over forks gives no number and leaves the cell at its forks.
 */
final class ForkExtension {
    private ForkExtension() {
    }

    /**
     * The forks each group of cells needs: the most any of its cells needs, so cells that are compared with each other
     * (one scenario, workload and dtype on every backend) keep running in the same rounds. A number at or below the
     * forks the cells ran says they need no more.
     *
     * @param byGroup each group's cells' outcomes merged over the forks they ran
     */
    static Map<String, Integer> forGroups(Map<String, List<CellOutcome>> byGroup, JmhSettings jmh) {
        Map<String, Integer> forks = new LinkedHashMap<>();
        byGroup.forEach((group, cells) -> forks.put(group,
                cells.stream().mapToInt(c -> forksFor(c, jmh)).max().orElse(jmh.forks())));
        return forks;
    }

    /** The forks the cell needs in all (at least the planned ones), from its forks' merged outcome. */
    static int forksFor(CellOutcome merged, JmhSettings jmh) {
        if (!jmh.extendsForks() || merged.timings() == null) {
            return jmh.forks();
        }
        int forks = jmh.forks();
        for (Timing t : merged.timings().values()) {
            forks = Math.max(forks, forksFor(t, jmh));
        }
        return forks;
    }

    private static int forksFor(Timing t, JmhSettings jmh) {
        if (t.meanMs() == null || t.errorMs() == null || t.forks() == null || t.iterations() == null
                || !(t.meanMs() > 0)) {
            return jmh.forks();
        }
        boolean pooled = "pooled".equals(t.intervalBasis());
        if (!pooled && !"between-forks".equals(t.intervalBasis())) {
            return jmh.forks();
        }
        double relative = t.errorMs() / t.meanMs();
        // tokens/s's half-width is tokens / (mean - error) - tokens / mean: relative r / (1 - r) of the latency's r
        double wanted = jmh.targetHalfWidth() / (1 + jmh.targetHalfWidth());
        return ForksToDecide.fewest(jmh.forks(), jmh.maxForks(), n -> ForksToDecide.latencyRelativeAt(relative,
                t.forks(), n, t.iterations(), pooled) <= wanted).orElse(jmh.maxForks());
    }

    /** What a row whose cell got further forks says about them; empty where it got its planned forks. */
    static String note(int forks, JmhSettings jmh) {
        if (forks <= jmh.forks()) {
            return "";
        }
        return String.format(Locale.ROOT, "%d forks: %d planned and %d more, which the forks' spread (judged after"
                + " the planned ones and again at each number decided) said tokens/s needs for a half-width within"
                + " %.1f %% here or on another backend of this scenario, workload and dtype%s", forks, jmh.forks(),
                forks - jmh.forks(), 100 * jmh.targetHalfWidth(),
                forks == jmh.maxForks() ? " (max_forks " + jmh.maxForks() + ": the most allowed, perhaps fewer than"
                        + " needed)" : "");
    }

    /** Where a cell's decision is kept, so that a resumed run keeps it even where its group's other cells are done. */
    private static Path file(Path cellDir) {
        return cellDir.resolve("forks.txt");
    }

    /** The decision an earlier session of this run saved for the cell; empty where none, or one out of range. */
    static OptionalInt saved(Path cellDir, JmhSettings jmh) {
        try {
            int forks = Integer.parseInt(Files.readString(file(cellDir)).strip());
            return forks >= jmh.forks() && forks <= jmh.maxForks() ? OptionalInt.of(forks) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static void save(Path cellDir, int forks) throws IOException {
        TextFiles.writeAtomically(file(cellDir), forks + "\n");
    }
}
