package dev.portbench.harness.report;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.runs.SyntheticRun;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Nights of synthetic runs for the report's CLI and browser tests, written through the results module's SyntheticRun. */
public final class ReportFixtures {

    private ReportFixtures() {
    }

    public static ResultRow ok(String runId, String started, String scenario, String workload, String phase,
                               String dtype, String backend, double tokensPerS) {
        return base(runId, started, scenario, workload, phase, dtype, backend).set(Column.STATUS, CellStatus.OK)
                .set(Column.TOKENS_PER_S, tokensPerS).set(Column.TOKENS_PER_S_ERROR, tokensPerS / 50)
                .set(Column.LATENCY_P50_MS, 1000 / tokensPerS).set(Column.LATENCY_P90_MS, 1200 / tokensPerS)
                .set(Column.LATENCY_P99_MS, 1500 / tokensPerS).set(Column.PEAK_RSS_MB, 300.0)
                .set(Column.WEIGHTS_MB, 12.0).set(Column.REL_L2, dtype.equals("fp32") ? 2e-7 : 6e-4)
                .set(Column.COSINE, 1.0).set(Column.TOP1_AGREEMENT, 1.0).build();
    }

    public static ResultRow skipped(String runId, String started, String scenario, String workload, String phase,
                                    String dtype, String backend) {
        return base(runId, started, scenario, workload, phase, dtype, backend).set(Column.STATUS, CellStatus.SKIPPED)
                .set(Column.REASON, backend + " runs fp32 only").build();
    }

    private static ResultRow.Builder base(String runId, String started, String scenario, String workload,
                                          String phase, String dtype, String backend) {
        return ResultRow.builder().set(Column.RUN_ID, runId).set(Column.SUITE, "nightly").set(Column.HOST, "lab1")
                .set(Column.STARTED_UTC, started).set(Column.SCENARIO, scenario).set(Column.WORKLOAD, workload)
                .set(Column.PHASE, phase).set(Column.DTYPE, dtype).set(Column.BACKEND, backend)
                .set(Column.RUNTIME_VERSION, backend + " 1.0").set(Column.DRIFT_REFERENCE, "reference-fp64");
    }

    public static Path write(Path dir, List<ResultRow> rows) throws IOException {
        SyntheticRun run = SyntheticRun.at(dir);
        rows.forEach(row -> run.add(row.toBuilder()));
        return run.write();
    }

    /**
     * Night {@code n}: tiny prefill in fp32 on fast and slow, in fp16 on fast (slow SKIPPED), and tiny decode (a
     * prefill and a decode row) in fp32 on both. Its charts: throughput and latency for tiny·prefill·prefill,
     * tiny·decode·prefill and tiny·decode·decode (3 + 3), memory for tiny·prefill and tiny·decode (2).
     */
    public static Path night(Path dir, int n) throws IOException {
        String id = "night-" + n;
        String t = "2026-02-0" + n + "T02:00:00Z";
        List<ResultRow> rows = new ArrayList<>(List.of(
                ok(id, t, "tiny", "prefill", "prefill", "fp32", "fast", 1000 + 50 * n),
                ok(id, t, "tiny", "prefill", "prefill", "fp32", "slow", 100),
                ok(id, t, "tiny", "prefill", "prefill", "fp16", "fast", 1400),
                skipped(id, t, "tiny", "prefill", "prefill", "fp16", "slow"),
                ok(id, t, "tiny", "decode", "prefill", "fp32", "fast", 800),
                ok(id, t, "tiny", "decode", "decode", "fp32", "fast", 300),
                ok(id, t, "tiny", "decode", "prefill", "fp32", "slow", 90),
                ok(id, t, "tiny", "decode", "decode", "fp32", "slow", 30)));
        return write(dir, rows);
    }

    /**
     * Three nights in one directory, named against their dates. Charts: the latest night's 8 and a trend per cell
     * that ran OK somewhere: tiny·prefill·prefill fp32 and fp16, tiny·decode·prefill and ·decode fp32 (4): 12.
     */
    public static Path threeNights(Path root) throws IOException {
        night(root.resolve("z-night-1"), 1);
        night(root.resolve("y-night-2"), 2);
        night(root.resolve("x-night-3"), 3);
        return root;
    }

    /**
     * 20 nights of one cell (tiny·prefill·prefill fp32 on fast), 1000 tokens/s ±1 % then 900 from the 13th night:
     * the history finds one change point there. Charts: the latest night's throughput and latency, its memory, and
     * the trend (4), one change-point marker.
     */
    public static Path twentyNightsWithAStep(Path root) throws IOException {
        for (int n = 1; n <= 20; n++) {
            String id = String.format(java.util.Locale.ROOT, "2026-03-%02d", n);
            double value = (n >= 13 ? 900 : 1000) * (n % 2 == 0 ? 1.01 : 0.99);
            write(root.resolve(id), List.of(ok(id, id + "T02:00:00Z", "tiny", "prefill", "prefill", "fp32", "fast",
                    value)));
        }
        return root;
    }
}
