package dev.portbench.results.compare;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsFormatException;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Compares a candidate run with a baseline run, cell by cell: the baseline's cells in its file order, then the cells
 * only the candidate has. Reads only results.csv and the saved outputs, so the two runs may come from different
 * machines and nights.
 *
 * @param baseline  run A
 * @param candidate run B (may be the same directory as A when the pairing names two backends)
 */
public record RunComparison(RunResults baseline, RunResults candidate, BackendPairing pairing,
                            List<CellComparison> cells) {

    /**
     * Compares everything, the saved outputs included.
     *
     * @throws ResultsFormatException when the pairing names a backend that has no rows in its run
     */
    public static RunComparison of(RunResults baseline, RunResults candidate, BackendPairing pairing)
            throws IOException {
        return of(baseline, candidate, pairing, true);
    }

    /**
     * @param readOutputs whether to read the saved outputs for the cross-run output drift; the gate does not use it,
     *                    and for large models the .npy files are most of what a comparison reads
     * @throws ResultsFormatException when the pairing names a backend that has no rows in its run
     */
    public static RunComparison of(RunResults baseline, RunResults candidate, BackendPairing pairing,
                                   boolean readOutputs) throws IOException {
        if (!pairing.isSame()) {
            requireBackend(baseline, pairing.baselineBackend(), "baseline");
            requireBackend(candidate, pairing.candidateBackend(), "candidate");
        }
        List<CellComparison> cells = new ArrayList<>();
        for (LocatedRow a : baseline.rows().values()) {
            CellKey key = CellKey.of(a.row());
            if (pairing.includesBaseline(key)) {
                CellKey candidateKey = pairing.candidateOf(key);
                cells.add(compare(baseline, candidate, key, a, candidateKey, candidate.row(candidateKey).orElse(null),
                        readOutputs));
            }
        }
        for (LocatedRow b : candidate.rows().values()) {
            CellKey key = CellKey.of(b.row());
            if (pairing.includesCandidate(key) && baseline.row(pairing.baselineOf(key)).isEmpty()) {
                // the baseline backend it pairs with, as a baseline-only cell names its candidate backend
                cells.add(compare(baseline, candidate, pairing.baselineOf(key), null, key, b, readOutputs));
            }
        }
        return new RunComparison(baseline, candidate, pairing, List.copyOf(cells));
    }

    private static CellComparison compare(RunResults baselineRun, RunResults candidateRun, CellKey baselineKey,
                                          LocatedRow a, CellKey candidateKey, LocatedRow b, boolean readOutputs)
            throws IOException {
        Optional<ResultRow> ra = Optional.ofNullable(a).map(LocatedRow::row);
        Optional<ResultRow> rb = Optional.ofNullable(b).map(LocatedRow::row);
        RatioInterval throughput = ratio(ra, rb, r -> Estimate.of(r, Column.TOKENS_PER_S, Column.TOKENS_PER_S_ERROR));
        Column latencyColumn = Estimate.latencyColumn(ra.or(() -> rb).orElseThrow());
        RatioInterval latency = ratio(ra, rb, Estimate::latency);
        OutputDrift outputs = OutputDrift.missing("cell not in both runs");
        if (!readOutputs) {
            outputs = OutputDrift.missing("saved outputs not compared");
        } else if (a != null && b != null) {
            outputs = ra.get().status() == CellStatus.OK && rb.get().status() == CellStatus.OK
                    ? OutputDrift.between(candidateRun.files(), candidateKey, baselineRun.files(), baselineKey)
                    : OutputDrift.missing("cell not OK in both runs");
        }
        return new CellComparison(baselineKey, candidateKey, a, b, throughput, Verdict.higherIsBetter(throughput),
                latencyColumn, latency, Verdict.lowerIsBetter(latency), outputs);
    }

    private static RatioInterval ratio(Optional<ResultRow> a, Optional<ResultRow> b,
                                       Function<ResultRow, Optional<Estimate>> estimate) {
        Optional<Estimate> ea = a.flatMap(estimate);
        Optional<Estimate> eb = b.flatMap(estimate);
        if (ea.isEmpty() || eb.isEmpty()) {
            return new RatioInterval(Double.NaN, Double.NaN, Double.NaN);
        }
        return RatioInterval.of(eb.get(), ea.get());
    }

    private static void requireBackend(RunResults run, String backend, String role) {
        if (!run.backends().contains(backend)) {
            throw new ResultsFormatException(run.files().results(), role + " backend " + backend
                    + " has no rows here; backends in this file: " + run.backends(), null);
        }
    }
}
