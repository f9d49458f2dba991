package dev.portbench.harness.cli;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SummaryTableTest {

    private static ResultRow.Builder row(String scenario, String workload, String phase, String backend,
                                         CellStatus status) {
        return ResultRow.builder().set(Column.SCENARIO, scenario).set(Column.WORKLOAD, workload)
                .set(Column.PHASE, phase).set(Column.DTYPE, "fp32").set(Column.BACKEND, backend)
                .set(Column.STATUS, status);
    }

    private static ResultRow ok(String scenario, String workload, String phase, String backend, double tokensPerS,
                                String error, String basis) {
        return row(scenario, workload, phase, backend, CellStatus.OK).set(Column.TOKENS_PER_S, tokensPerS)
                .set(Column.TOKENS_PER_S_ERROR, error).set(Column.INTERVAL_BASIS, basis).build();
    }

    private static ResultRow skipped(String scenario, String backend, String reason) {
        return row(scenario, "prefill", "prefill", backend, CellStatus.SKIPPED).set(Column.REASON, reason).build();
    }

    @Test
    void rowsAreSortedByCellAndSkippedOnesCountedPerBackendAndReason() {
        List<ResultRow> rows = List.of( // in the order a randomised run wrote them
                skipped("moe", "cuda", "no GPU jar"),
                ok("moe", "prefill", "prefill", "ort", 900, "90", "one-fork"),
                ok("dense", "decode", "decode", "ort", 50, "5", "pooled"),
                skipped("dense", "cuda", "no GPU jar"),
                ok("dense", "decode", "prefill", "ort", 800, "", "pooled"),
                row("dense", "decode", "prefill", "djl", CellStatus.FAILED).set(Column.REASON, "crashed").build(),
                skipped("dense", "cann", "no CANN provider"),
                ok("dense", "prefill", "prefill", "ref", 10, "", "none"));
        StringWriter text = new StringWriter();
        SummaryTable.print(new PrintWriter(text, true), rows);

        List<String> lines = text.toString().lines().toList();
        assertEquals(List.of(
                "dense decode prefill fp32 djl FAILED - -",
                "dense decode prefill fp32 ort OK 800.0 unbounded",
                "dense decode decode fp32 ort OK 50.0 5.0",
                "dense prefill prefill fp32 ref OK 10.0 -",
                "moe prefill prefill fp32 ort OK 900.0 90.0"),
                lines.subList(1, 6).stream().map(l -> String.join(" ", List.of(l.trim().split(" +")).subList(0, 8)))
                        .toList());
        assertEquals(List.of("", "3 rows SKIPPED (results.csv has each):", "    1 × cann: no CANN provider",
                "    2 × cuda: no GPU jar"), lines.subList(6, lines.size()));
    }

    @Test
    void withNothingSkippedThereIsNoSkippedSection() {
        StringWriter text = new StringWriter();
        SummaryTable.print(new PrintWriter(text, true), List.of(ok("dense", "prefill", "prefill", "ort", 1, "0.1",
                "one-fork")));
        assertEquals(2, text.toString().lines().count());
    }
}
