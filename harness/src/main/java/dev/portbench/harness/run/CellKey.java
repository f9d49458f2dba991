package dev.portbench.harness.run;

import dev.portbench.harness.plan.ByoCell;
import dev.portbench.harness.plan.Cell;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;

/**
 * What identifies a cell across sessions of one run: its rows in results.csv carry the same key as the plan's cell, so
 * a resumed run can tell which cells are done. A bring-your-own cell's row records the precision of the outputs it
 * compared, not one the plan chose, so its key leaves the dtype out.
 */
public record CellKey(String scenario, String workload, String dtype, String backend) {

    public static CellKey of(Cell cell) {
        return new CellKey(cell.scenario().name(), cell.workload().name(), cell.dtype().id(), cell.backend());
    }

    public static CellKey of(ByoCell cell) {
        return new CellKey(cell.model().name(), ByoCell.WORKLOAD, "", cell.backend());
    }

    public static CellKey of(ResultRow row) {
        String workload = row.text(Column.WORKLOAD);
        return new CellKey(row.text(Column.SCENARIO), workload,
                workload.equals(ByoCell.WORKLOAD) ? "" : row.text(Column.DTYPE), row.text(Column.BACKEND));
    }

    @Override
    public String toString() {
        return scenario + " " + workload + (dtype.isEmpty() ? "" : " " + dtype) + " × " + backend;
    }
}
