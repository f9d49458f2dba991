package dev.portbench.results.report;

import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.ReportCsv;
import dev.portbench.results.ResultRow;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Many runs as one table for trends: a row per run and cell key, runs oldest first, cells in each run's file order.
 * {@code run_id} and {@code host} are the row's own (a merged night holds rows of several runs); {@code started_utc}
 * is the night's (its earliest row's), so every row of a night sorts together; the measured columns are copied from
 * results.csv with the same names and units. Spreadsheet-safe (see {@link ReportCsv}).
 */
public final class HistoryCsv {

    /** results.csv columns copied as they are, after the run and key columns. */
    static final List<Column> MEASURES = List.of(Column.RUNTIME_VERSION, Column.STATUS, Column.TOKENS_PER_S,
            Column.TOKENS_PER_S_ERROR, Column.LATENCY_P50_MS, Column.LATENCY_P90_MS, Column.LATENCY_P99_MS,
            Column.TTFT_MS, Column.TPOT_MS, Column.PEAK_RSS_MB, Column.WEIGHTS_MB, Column.MAX_ABS_ERR, Column.REL_L2,
            Column.COSINE, Column.KL, Column.TOP1_AGREEMENT, Column.ROUTING_AGREEMENT, Column.DRIFT_REFERENCE);

    private HistoryCsv() {
    }

    public static List<String> header() {
        List<String> header = new ArrayList<>(List.of("run_id", "started_utc", "host", "suite", "scenario", "workload",
                "phase", "dtype", "backend"));
        MEASURES.forEach(c -> header.add(c.csvName()));
        return header;
    }

    public static ReportCsv of(ReportRuns runs) {
        ReportCsv csv = new ReportCsv(header());
        for (RunResults run : runs.runs()) {
            String started = run.startedUtc().map(Instant::toString).orElse("");
            for (LocatedRow located : run.rows().values()) {
                ResultRow row = located.row();
                CellKey key = CellKey.of(row);
                // the row's own run id and host: a merged night's rows come from several runs, maybe hosts
                ReportCsv.Row out = csv.row().text(row.text(Column.RUN_ID)).text(started).text(row.text(Column.HOST))
                        .text(row.text(Column.SUITE)).text(key.scenario()).text(key.workload()).text(key.phase())
                        .text(key.dtype()).text(key.backend());
                for (Column column : MEASURES) {
                    if (column.kind() == Column.Kind.TEXT) {
                        out.text(row.text(column));
                    } else {
                        out.number(row.decimal(column));
                    }
                }
                out.end();
            }
        }
        return csv;
    }
}
