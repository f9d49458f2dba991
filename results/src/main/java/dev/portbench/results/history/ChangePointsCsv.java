package dev.portbench.results.history;

import dev.portbench.results.ReportCsv;
import dev.portbench.results.runs.RunResults;

import java.time.Instant;
import java.util.List;

/**
 * Every change point the history gate found, a row each: the host and cell, the night the new level began (the run
 * id of the cell's own row that night, as a merged night holds rows of several runs, and the night's start), the
 * means before and after, the relative change, the permutation p-value, and the cell's outcome. Spreadsheet-safe
 * (see {@link ReportCsv}).
 */
public final class ChangePointsCsv {
    static final List<String> HEADER = List.of("host", "scenario", "workload", "phase", "dtype", "backend",
            "run_id", "started_utc", "mean_before", "mean_after", "relative_change", "p_value", "outcome");

    private ChangePointsCsv() {
    }

    public static ReportCsv of(List<HistoryGate.Finding> findings) {
        ReportCsv csv = new ReportCsv(HEADER);
        for (HistoryGate.Finding f : findings) {
            for (EDivisive.ChangePoint c : f.changePoints()) {
                RunResults night = f.nights().get(c.index());
                csv.row().text(f.host()).text(f.key().scenario()).text(f.key().workload()).text(f.key().phase())
                        .text(f.key().dtype()).text(f.key().backend()).text(night.runId(f.key()))
                        .text(night.startedUtc().map(Instant::toString).orElse("")).number(c.meanBefore())
                        .number(c.meanAfter()).number(c.relativeChange()).number(c.pValue())
                        .text(f.outcome().name()).end();
            }
        }
        return csv;
    }
}
