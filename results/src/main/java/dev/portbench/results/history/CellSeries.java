package dev.portbench.results.history;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.LocatedRow;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunResults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** The points of this series whose night is one of {@code nights}, in the same order. */
    public CellSeries within(List<RunResults> nights) {
        Set<RunResults> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(nights);
        List<RunResults> runs = new ArrayList<>();
        List<Double> points = new ArrayList<>();
        for (int i = 0; i < this.nights.size(); i++) {
            if (kept.contains(this.nights.get(i))) {
                runs.add(this.nights.get(i));
                points.add(values[i]);
            }
        }
        return new CellSeries(host, key, List.copyOf(runs), points.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
