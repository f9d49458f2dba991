package dev.portbench.results.report;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvWriter;
import dev.portbench.results.runs.RunFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Run directories written the way the harness writes them (ResultsCsvWriter), with values chosen so every expected
 * number in the report tests can be worked out by hand.
 */
final class SyntheticRuns {

    private SyntheticRuns() {
    }

    static Path write(Path dir, List<ResultRow> rows) throws IOException {
        Files.createDirectories(dir);
        try (ResultsCsvWriter writer = ResultsCsvWriter.create(new RunFiles(dir).results())) {
            for (ResultRow row : rows) {
                writer.append(row);
            }
        }
        return dir;
    }

    /** A row of run {@code runId} started at {@code started} on {@code host}. */
    static ResultRow.Builder row(String runId, String host, String started, String scenario, String workload,
                                 String phase, String dtype, String backend) {
        return ResultRow.builder().set(Column.RUN_ID, runId).set(Column.SUITE, "nightly").set(Column.HOST, host)
                .set(Column.STARTED_UTC, started).set(Column.SCENARIO, scenario).set(Column.WORKLOAD, workload)
                .set(Column.PHASE, phase).set(Column.DTYPE, dtype).set(Column.BACKEND, backend)
                .set(Column.RUNTIME_VERSION, backend + " 1.0").set(Column.DRIFT_REFERENCE, "reference-fp64");
    }

    static ResultRow ok(ResultRow.Builder row, double tokensPerS, double error, double p50, double peakRss,
                        double weights, double relL2) {
        return row.set(Column.STATUS, CellStatus.OK).set(Column.TOKENS_PER_S, tokensPerS)
                .set(Column.TOKENS_PER_S_ERROR, error).set(Column.LATENCY_P50_MS, p50)
                .set(Column.LATENCY_P90_MS, p50 * 1.5).set(Column.LATENCY_P99_MS, p50 * 2)
                .set(Column.PEAK_RSS_MB, peakRss).set(Column.WEIGHTS_MB, weights).set(Column.REL_L2, relL2)
                .set(Column.COSINE, 1.0).set(Column.TOP1_AGREEMENT, 1.0).build();
    }

    static ResultRow skipped(ResultRow.Builder row, String reason) {
        return row.set(Column.STATUS, CellStatus.SKIPPED).set(Column.REASON, reason).build();
    }

    /**
     * Three nights in directories whose names sort against their dates (a-third, b-second, c-first). Each has
     * dense-x prefill in fp32 on fast and slow, and in fp16 on fast (slow is SKIPPED); nights 2 and 3 add moe-x decode
     * (a prefill and a decode row) in fp32 on both. fast's dense-x fp32 throughput is 1000, 1100, 1200 tokens/s.
     */
    static Path threeNights(Path root) throws IOException {
        night(root.resolve("c-first"), 1, false);
        night(root.resolve("b-second"), 2, true);
        night(root.resolve("a-third"), 3, true);
        return root;
    }

    static Path night(Path dir, int n, boolean withMoe) throws IOException {
        String id = "night-" + n;
        String t = "2026-01-0" + n + "T02:00:0" + n + "Z";
        List<ResultRow> rows = new java.util.ArrayList<>(List.of(
                ok(row(id, "lab1", t, "dense-x", "prefill", "prefill", "fp32", "fast"), 900 + 100 * n, 10, 2, 300, 10,
                        1e-7),
                ok(row(id, "lab1", t, "dense-x", "prefill", "prefill", "fp32", "slow"), 100, 5, 20, 200, 20, 0),
                ok(row(id, "lab1", t, "dense-x", "prefill", "prefill", "fp16", "fast"), 1500, 30, 1.5, 250, 5,
                        5e-4),
                skipped(row(id, "lab1", t, "dense-x", "prefill", "prefill", "fp16", "slow"), "slow runs fp32 only")));
        if (withMoe) {
            rows.add(ok(row(id, "lab1", t, "moe-x", "decode", "prefill", "fp32", "fast").set(Column.TTFT_MS, 0.5),
                    500, 20, 0.5, 305, 12, 2e-7));
            rows.add(ok(row(id, "lab1", t, "moe-x", "decode", "decode", "fp32", "fast").set(Column.TPOT_MS, 0.25),
                    200, 8, 0.25, 310, 12, 3e-7));
            rows.add(ok(row(id, "lab1", t, "moe-x", "decode", "prefill", "fp32", "slow").set(Column.TTFT_MS, 5),
                    50, 2, 5, 220, 24, 0));
            rows.add(ok(row(id, "lab1", t, "moe-x", "decode", "decode", "fp32", "slow").set(Column.TPOT_MS, 2.5),
                    20, 1, 2.5, 225, 24, 0));
        }
        return write(dir, rows);
    }
}
