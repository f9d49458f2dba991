package dev.portbench.results.report;

import dev.portbench.results.history.HistoryGate;
import dev.portbench.results.matrix.MigrationMatrix;

import java.io.IOException;
import java.util.List;

/**
 * Everything a report shows, computed once for the page and the Markdown summary: the runs, the charts, the drift
 * heat map, the migration matrix, and each host's cells judged against their history (change points in tokens/s).
 * Snapshot sections describe the latest run; the trend and the change points describe them all.
 */
public record Report(ReportRuns runs, ReportCharts charts, DriftHeatMap drift, MigrationMatrix matrix,
                     List<HistoryGate.Finding> history) {

    /**
     * @param sources the matrix's source backends; empty for every backend of the latest run
     * @param targets its target backends; empty for every backend
     * @throws dev.portbench.results.ResultsFormatException when a named backend has no rows in the latest run
     */
    public static Report of(ReportRuns runs, List<String> sources, List<String> targets) throws IOException {
        List<HistoryGate.Finding> history = HistoryGate.defaults().judge(runs.runs());
        return new Report(runs, ReportCharts.of(runs, history), DriftHeatMap.of(runs.latest()),
                MigrationMatrix.of(runs.latest(), runs.latest(), sources, targets), history);
    }
}
