package dev.portbench.harness.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portbench.harness.plan.ByoCell;
import dev.portbench.harness.plan.Cell;
import dev.portbench.harness.plan.RunPlan;
import dev.portbench.results.CellStatus;
import dev.portbench.results.DriftColumns;
import dev.portbench.results.ResultRow;
import dev.portbench.results.TextFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a plan's cells have rows, and complete.json, the marker a run gets once every cell has them: run_id,
 * started and finished times, the number of cells and the rows by status.
 */
public final class RunCompletion {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunCompletion() {
    }

    /** Every cell of the plan, in plan order. */
    public static Set<CellKey> cells(RunPlan plan) {
        Set<CellKey> keys = new LinkedHashSet<>();
        for (Cell c : plan.cells()) {
            keys.add(CellKey.of(c));
        }
        for (ByoCell c : plan.byoCells()) {
            keys.add(CellKey.of(c));
        }
        return keys;
    }

    /** The plan's cells that have no row in {@code rows}. */
    public static Set<CellKey> missing(RunPlan plan, Collection<ResultRow> rows) {
        Set<CellKey> missing = cells(plan);
        rows.forEach(r -> missing.remove(CellKey.of(r)));
        return missing;
    }

    /** The cells that have a FAILED or TIMEOUT row: what {@code --retry-failed} runs again. */
    public static Set<CellKey> failed(Collection<ResultRow> rows) {
        Set<CellKey> failed = new LinkedHashSet<>();
        for (ResultRow r : rows) {
            if (r.status() == CellStatus.FAILED || r.status() == CellStatus.TIMEOUT) {
                failed.add(CellKey.of(r));
            }
        }
        return failed;
    }

    /** Writes complete.json atomically (a retry of failed cells rewrites it with the new totals). */
    public static void write(Path file, RunIdentity run, int cells, List<ResultRow> rows, Instant finished)
            throws IOException {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (CellStatus s : CellStatus.values()) {
            byStatus.put(s.name(), rows.stream().filter(r -> r.status() == s).count());
        }
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("run_id", run.runId());
        marker.put("started_utc", run.started().toString());
        marker.put("finished_utc", finished.toString());
        marker.put("cells", cells);
        marker.put("rows", rows.size());
        marker.put("rows_by_status", byStatus);
        // the run exits 1 for these as for FAILED rows: a night judged again from this file must too
        marker.put("ok_rows_without_drift", rows.stream().filter(DriftColumns::okWithoutDrift).count());
        TextFiles.writeAtomically(file, JSON.writeValueAsString(marker) + "\n");
    }
}
