package dev.portbench.harness.run;

import dev.portbench.harness.plan.Cell;
import dev.portbench.harness.worker.CellOutcome;
import dev.portbench.harness.worker.OptionsCodec;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.DriftMetrics;
import dev.portbench.results.ResultRow;
import dev.portbench.scenarios.Workload;

import java.time.Duration;
import java.time.Instant;

/** Turns what a cell reported, and its drift, into one results.csv row. */
final class RowFactory {
    private static final double MIB = 1024.0 * 1024.0;

    private RowFactory() {
    }

    static ResultRow row(RunIdentity run, String suite, Cell cell, Instant started, CellStatus status, String reason,
                         CellOutcome outcome, DriftMetrics.Drift drift, Duration wall) {
        Workload w = cell.scenario().workload();
        ResultRow.Builder b = ResultRow.builder()
                .set(Column.RUN_ID, run.runId())
                .set(Column.SUITE, suite)
                .set(Column.HOST, run.host())
                .set(Column.STARTED_UTC, started.toString())
                .set(Column.SCENARIO, cell.scenario().name())
                .set(Column.PHASE, w.phase().id())
                .set(Column.BATCH, w.batch())
                .set(Column.SEQ_LEN, w.seqLen())
                .set(Column.BACKEND, cell.backend())
                .set(Column.STATUS, status)
                .set(Column.REASON, reason == null ? "" : reason)
                .set(Column.CELL_WALL_S, wall.toNanos() / 1e9);
        if (outcome != null) {
            setText(b, Column.RUNTIME_VERSION, outcome.runtimeVersion());
            setText(b, Column.DEVICE, outcome.device());
            setText(b, Column.DTYPE, outcome.dtype());
            if (outcome.threads() != null) {
                b.set(Column.THREADS, outcome.threads());
            }
            if (outcome.backendOptions() != null) {
                b.set(Column.BACKEND_OPTIONS, OptionsCodec.encodeInOrder(outcome.backendOptions()));
            }
            if (outcome.weightBytes() != null) {
                b.set(Column.WEIGHTS_MB, outcome.weightBytes() / MIB);
            }
            double tokens = w.tokensPerForward();
            setScaled(b, Column.TOKENS_PER_S, outcome.throughputOpsPerS(), tokens);
            setScaled(b, Column.TOKENS_PER_S_ERROR, outcome.throughputOpsPerSError(), tokens);
            setScaled(b, Column.LATENCY_MEAN_MS, outcome.latencyMeanMs(), 1);
            setScaled(b, Column.LATENCY_P50_MS, outcome.latencyP50Ms(), 1);
            setScaled(b, Column.LATENCY_P90_MS, outcome.latencyP90Ms(), 1);
            setScaled(b, Column.LATENCY_P99_MS, outcome.latencyP99Ms(), 1);
            if (outcome.latencySamples() != null) {
                b.set(Column.LATENCY_SAMPLES, outcome.latencySamples());
            }
            setScaled(b, Column.PEAK_RSS_MB, outcome.peakRssMb(), 1);
        }
        if (drift != null) {
            b.set(Column.MAX_ABS_ERR, drift.maxAbsErr())
                    .set(Column.REL_L2, drift.relL2())
                    .set(Column.COSINE, drift.cosine())
                    .set(Column.KL, drift.kl())
                    .set(Column.TOP1_AGREEMENT, drift.top1Agreement())
                    .set(Column.ROUTING_AGREEMENT, drift.routingAgreement());
        }
        return b.build();
    }

    private static void setText(ResultRow.Builder b, Column c, String v) {
        if (v != null) {
            b.set(c, v);
        }
    }

    private static void setScaled(ResultRow.Builder b, Column c, Double v, double factor) {
        if (v != null) {
            b.set(c, v * factor);
        }
    }
}
