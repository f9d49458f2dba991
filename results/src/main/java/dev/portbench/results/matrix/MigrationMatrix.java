package dev.portbench.results.matrix;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ResultsFormatException;
import dev.portbench.results.compare.Estimate;
import dev.portbench.results.compare.OutputDrift;
import dev.portbench.results.compare.RatioInterval;
import dev.portbench.results.compare.Verdict;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The migration matrix: for every cell of the source backend, what moving it to each target backend costs. Within
 * one run (source and target backends side by side) or across two (a source run from one machine, a target run from
 * another); across two runs a backend may be its own target (the same stack on other hardware).
 */
public record MigrationMatrix(RunResults sourceRun, RunResults targetRun, List<String> sources, List<String> targets,
                              List<MigrationPair> pairs) {

    /**
     * @param sources source backends; empty for every backend of {@code sourceRun}
     * @param targets target backends; empty for every backend of {@code targetRun}
     * @throws ResultsFormatException when a named backend has no rows in its run
     */
    public static MigrationMatrix of(RunResults sourceRun, RunResults targetRun, List<String> sources,
                                     List<String> targets) throws IOException {
        List<String> from = resolve(sourceRun, sources, "source");
        List<String> to = resolve(targetRun, targets, "target");
        boolean oneRun = sourceRun.directory().toAbsolutePath().normalize()
                .equals(targetRun.directory().toAbsolutePath().normalize());
        List<MigrationPair> pairs = new ArrayList<>();
        for (String source : from) {
            for (String target : to) {
                if (oneRun && source.equals(target)) {
                    continue;
                }
                for (LocatedRow row : sourceRun.rows().values()) {
                    CellKey key = CellKey.of(row.row());
                    if (key.backend().equals(source)) {
                        pairs.add(pair(sourceRun, targetRun, key, row, key.withBackend(target)));
                    }
                }
            }
        }
        return new MigrationMatrix(sourceRun, targetRun, from, to, List.copyOf(pairs));
    }

    private static MigrationPair pair(RunResults sourceRun, RunResults targetRun, CellKey sourceKey, LocatedRow source,
                                      CellKey targetKey) throws IOException {
        LocatedRow target = targetRun.row(targetKey).orElse(null);
        Optional<Estimate> s = Estimate.of(source.row(), Column.TOKENS_PER_S, Column.TOKENS_PER_S_ERROR);
        Optional<Estimate> t = Optional.ofNullable(target)
                .flatMap(r -> Estimate.of(r.row(), Column.TOKENS_PER_S, Column.TOKENS_PER_S_ERROR));
        RatioInterval throughput = s.isPresent() && t.isPresent() ? RatioInterval.of(t.get(), s.get())
                : new RatioInterval(Double.NaN, Double.NaN, Double.NaN);
        OutputDrift outputs;
        if (target == null) {
            outputs = OutputDrift.missing("no row for " + targetKey + " in " + targetRun.files().results());
        } else if (source.row().status() == CellStatus.OK && target.row().status() == CellStatus.OK) {
            outputs = OutputDrift.between(targetRun.files(), targetKey, sourceRun.files(), sourceKey);
        } else {
            outputs = OutputDrift.missing("cell not OK on both backends");
        }
        return new MigrationPair(sourceKey, targetKey, source, target, throughput, Verdict.higherIsBetter(throughput),
                outputs);
    }

    private static List<String> resolve(RunResults run, List<String> named, String role) {
        if (named.isEmpty()) {
            return run.backends();
        }
        for (String backend : named) {
            if (!run.backends().contains(backend)) {
                throw new ResultsFormatException(run.files().results(), role + " backend " + backend
                        + " has no rows here; backends in this file: " + run.backends(), null);
            }
        }
        return List.copyOf(named);
    }
}
