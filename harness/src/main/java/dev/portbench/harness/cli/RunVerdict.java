package dev.portbench.harness.cli;

import dev.portbench.results.CellStatus;
import dev.portbench.results.DriftColumns;
import dev.portbench.results.ResultRow;

import java.io.PrintWriter;
import java.util.List;

/**
 * The run command's exit code. A run that measured every cell but could not check them against their drift reference
 * did not do its job: like a FAILED cell, a failed oracle (or an OK row without drift for any other reason) exits 1,
 * and says so, so a nightly job never ships numbers nobody checked.
 */
final class RunVerdict {

    private RunVerdict() {
    }

    /** Prints why the run failed, if it did, and returns the exit code. */
    static int exitCode(List<ResultRow> rows, List<String> referenceFailures, PrintWriter console) {
        long failedCells = rows.stream()
                .filter(r -> r.status() == CellStatus.FAILED || r.status() == CellStatus.TIMEOUT).count();
        long withoutDrift = rows.stream().filter(DriftColumns::okWithoutDrift).count();
        for (String failure : referenceFailures) {
            console.printf("drift reference failed, its cells have no drift: %s%n", failure);
        }
        if (withoutDrift > 0) {
            console.printf("%d OK row%s without drift (the row's reason says why)%n", withoutDrift,
                    withoutDrift == 1 ? "" : "s");
        }
        boolean failed = failedCells > 0 || !referenceFailures.isEmpty() || withoutDrift > 0;
        return failed ? ExitCode.CELLS_FAILED : ExitCode.OK;
    }
}
