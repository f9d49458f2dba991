package dev.portbench.results.history;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cell's nights on one host: tokens/s of every OK row, oldest first, with the run each came from. A night where
 * the cell did not run OK is not a point (its status is the gate's status check's business), so a series may skip
 * nights.
 *
 * @param host   the host the rows name
 * @param key    the cell
 * @param nights the runs with an OK row for the cell, oldest first
 * @param values tokens/s of those rows, in the same order
 */
public record CellSeries(String host, CellKey key, List<RunResults> nights, double[] values) {

    /** A series per host and cell, in order of first appearance. */
    public static List<CellSeries> of(List<RunResults> runsOldestFirst) {
        record Point(RunResults run, double value) {
        }
        Map<String, Map<CellKey, List<Point>>> byHost = new LinkedHashMap<>();
        for (RunResults run : runsOldestFirst) {
            for (Map.Entry<CellKey, LocatedRow> e : run.rows().entrySet()) {
                var row = e.getValue().row();
                if (row.status() != CellStatus.OK || row.decimal(Column.TOKENS_PER_S).isEmpty()) {
                    continue;
                }
                byHost.computeIfAbsent(row.text(Column.HOST), h -> new LinkedHashMap<>())
                        .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(new Point(run, row.decimal(Column.TOKENS_PER_S).getAsDouble()));
            }
        }
        List<CellSeries> out = new ArrayList<>();
        byHost.forEach((host, byKey) -> byKey.forEach((key, points) -> out.add(new CellSeries(host, key,
                points.stream().map(Point::run).toList(), points.stream().mapToDouble(Point::value).toArray()))));
        return out;
    }
}
