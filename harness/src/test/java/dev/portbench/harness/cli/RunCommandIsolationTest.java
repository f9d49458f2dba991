package dev.portbench.harness.cli;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A crash, a hang, an exception and a missing device each become their own row; the good cell still lands. */
class RunCommandIsolationTest {

    @Test
    void badCellsBecomeRowsAndTheSuiteGoesOn(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        CliRunner r = CliRunner.run("run", "--scenarios", "dense-tiny", "--workloads", "prefill",
                "--backends", "test-crash,test-hang,test-throw,test-unavailable,reference-fp32",
                "--warmup-max", "0s", "--iterations", "1", "--time", "100ms", "--cell-timeout", "8s",
                "--out", out.toString());
        assertEquals(ExitCode.CELLS_FAILED, r.exitCode(), r.out() + r.err());
        List<ResultRow> rows = ResultsCsvReader.read(out.resolve("results.csv"));
        assertEquals(5, rows.size());

        ResultRow crash = row(rows, "test-crash");
        assertEquals(CellStatus.FAILED, crash.status());
        assertTrue(crash.text(Column.REASON).contains("134") && crash.text(Column.REASON).contains("SIGABRT"),
                crash.text(Column.REASON));
        assertTrue(crash.text(Column.REASON).contains("simulating a native abort"), "the log tail is kept");

        ResultRow hang = row(rows, "test-hang");
        assertEquals(CellStatus.TIMEOUT, hang.status());
        assertTrue(hang.text(Column.REASON).contains("8 s"), hang.text(Column.REASON));

        ResultRow thrown = row(rows, "test-throw");
        assertEquals(CellStatus.FAILED, thrown.status());
        assertTrue(thrown.text(Column.REASON).contains("kernel not found for op Foo(17)"), thrown.text(Column.REASON));
        assertEquals("test 0", thrown.text(Column.RUNTIME_VERSION), "what was learnt before the failure is kept");

        ResultRow skipped = row(rows, "test-unavailable");
        assertEquals(CellStatus.SKIPPED, skipped.status());
        assertEquals("no test device on this machine (driver not loaded)", skipped.text(Column.REASON));
        assertTrue(skipped.decimal(Column.TOKENS_PER_S).isEmpty());

        ResultRow good = row(rows, "reference-fp32");
        assertEquals(CellStatus.OK, good.status(), good.text(Column.REASON));
        assertTrue(good.decimal(Column.TOKENS_PER_S).getAsDouble() > 0);
        assertTrue(good.decimal(Column.REL_L2).getAsDouble() < 1e-5);
    }

    /** Cells run in a shuffled order: find a row by its backend. */
    private static ResultRow row(List<ResultRow> rows, String backend) {
        return rows.stream().filter(r -> r.text(Column.BACKEND).equals(backend)).findFirst().orElseThrow();
    }
}
