package dev.portbench.harness.run;

import dev.portbench.harness.env.RunPeaks;
import dev.portbench.harness.plan.ByoCell;
import dev.portbench.harness.plan.Cell;
import dev.portbench.harness.worker.CellOutcome;
import dev.portbench.harness.worker.CellWorker;
import dev.portbench.harness.worker.ForkTelemetry;
import dev.portbench.results.OptionsCodec;
import dev.portbench.harness.worker.PlacementSummary;
import dev.portbench.harness.worker.Timing;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.DriftMetrics;
import dev.portbench.results.ResultRow;
import dev.portbench.scenarios.ForwardCost;
import dev.portbench.scenarios.LogitPositions;
import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.Workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns what a cell reported, and its drift, into results.csv rows: one for a prefill workload; two for a decode
 * workload, its prefill phase (time to first token, prompt tokens/s, drift of the prompt's logits) and its decode phase
 * (time per output token, decode tokens/s, drift of the step logits, tokens_to_divergence).
 */
final class RowFactory {
    private static final double MIB = 1024.0 * 1024.0;

    private RowFactory() {
    }

    /** Everything about a cell besides its outcome: where, when, how it ended and its drift. */
    record CellResult(Cell cell, Instant started, CellStatus status, String reason, CellOutcome outcome,
                      DriftMetrics.Drift promptDrift, DriftEvaluator.DecodeDrift decodeDrift, Duration wall,
                      String driftReference, HostMonitor.Verdict host, RunPeaks peaks) {
    }

    static List<ResultRow> rows(RunIdentity run, String suite, CellResult r) {
        Workload w = r.cell().workload();
        List<ResultRow> rows = new ArrayList<>();
        if (w.phase() == Phase.PREFILL) {
            Timing latency = r.outcome() == null ? null : r.outcome().timing(CellOutcome.LATENCY);
            ResultRow.Builder b = common(run, suite, r, Phase.PREFILL, latency);
            measured(b, latency, w.tokensPerForward());
            hardware(b, r, CellOutcome.LATENCY, latency, w.tokensPerForward(), prefillCost(r));
            drift(b, r.promptDrift(), r.driftReference());
            rows.add(b.build());
            return rows;
        }
        Timing ttft = r.outcome() == null ? null : r.outcome().timing(CellOutcome.TTFT);
        Timing tpot = r.outcome() == null ? null : r.outcome().timing(CellOutcome.TPOT);
        ResultRow.Builder first = common(run, suite, r, Phase.PREFILL, ttft);
        ResultRow.Builder steps = common(run, suite, r, Phase.DECODE, tpot);
        measured(first, ttft, w.tokensPerForward());
        phaseTime(first, Column.TTFT_MS, Column.TTFT_MS_ERROR, ttft);
        measured(steps, tpot, w.batch());
        hardware(first, r, CellOutcome.TTFT, ttft, w.tokensPerForward(), prefillCost(r));
        hardware(steps, r, CellOutcome.TPOT, tpot, w.batch(), ForwardCost.decodeSteps(computed(r), r.cell().dtype(),
                w.batch(), w.seqLen(), w.newTokens()));
        phaseTime(steps, Column.TPOT_MS, Column.TPOT_MS_ERROR, tpot);
        drift(first, r.promptDrift(), r.driftReference());
        if (r.decodeDrift() != null) {
            drift(steps, r.decodeDrift().drift(), r.driftReference());
            steps.set(Column.TOKENS_TO_DIVERGENCE, r.decodeDrift().tokensToDivergence());
        }
        rows.add(first.build());
        rows.add(steps.build());
        return rows;
    }

    /**
     * A bring-your-own model's row: one forward pass, tokens per pass = the first input's element count (batch × seq
     * for token ids), dtype = the precision of the compared output.
     */
    static ResultRow byoRow(RunIdentity run, String suite, ByoCell cell, Instant started, CellStatus status,
                            String reason, CellOutcome outcome, DriftMetrics.Drift drift, Duration wall,
                            String dtype, HostMonitor.Verdict host) {
        long[] shape = cell.model().inputs().get(0).shape();
        long tokens = 1;
        for (long d : shape) {
            tokens *= d;
        }
        ResultRow.Builder b = ResultRow.builder()
                .set(Column.RUN_ID, run.runId())
                .set(Column.SUITE, suite)
                .set(Column.HOST, run.host())
                .set(Column.STARTED_UTC, started.toString())
                .set(Column.SCENARIO, cell.model().name())
                .set(Column.WORKLOAD, ByoCell.WORKLOAD)
                .set(Column.PHASE, Phase.PREFILL.id())
                .set(Column.BATCH, shape.length > 0 ? shape[0] : 1)
                .set(Column.NEW_TOKENS, 0)
                .set(Column.BACKEND, cell.backend())
                .set(Column.STATUS, status);
        cellWall(b, wall);
        Timing latency = outcome == null ? null : outcome.timing(CellOutcome.LATENCY);
        b.set(Column.REASON, MeasurementNotes.join(MeasurementNotes.join(MeasurementNotes.join(reason,
                MeasurementNotes.of(latency)), status == CellStatus.OK ? host.reason() : ""),
                placementNote(status, outcome)));
        if (status == CellStatus.OK) {
            hostBusy(b, host);
        }
        if (shape.length > 1) {
            b.set(Column.SEQ_LEN, shape[1]);
        }
        if (dtype != null) {
            b.set(Column.DTYPE, dtype);
        }
        if (outcome != null) {
            described(b, outcome);
            measured(b, latency, tokens);
            if (latency != null && latency.meanMs() != null) {
                telemetry(b, outcome, CellOutcome.LATENCY, tokens); // no roofline: no model spec to count from
            }
        }
        session(b, status, outcome);
        drift(b, drift, cell.model().referenceBackend());
        return b.build();
    }

    private static ResultRow.Builder common(RunIdentity run, String suite, CellResult r, Phase phase, Timing timing) {
        Cell cell = r.cell();
        Workload w = cell.workload();
        ResultRow.Builder b = ResultRow.builder()
                .set(Column.RUN_ID, run.runId())
                .set(Column.SUITE, suite)
                .set(Column.HOST, run.host())
                .set(Column.STARTED_UTC, r.started().toString())
                .set(Column.SCENARIO, cell.scenario().name())
                .set(Column.WORKLOAD, w.name())
                .set(Column.PHASE, phase.id())
                .set(Column.BATCH, w.batch())
                .set(Column.SEQ_LEN, w.seqLen())
                .set(Column.NEW_TOKENS, w.newTokens())
                .set(Column.LAYERS, cell.scenario().model().layers())
                .set(Column.DTYPE, cell.dtype().id())
                .set(Column.BACKEND, cell.backend())
                .set(Column.STATUS, r.status())
                .set(Column.REASON, MeasurementNotes.join(MeasurementNotes.join(MeasurementNotes.join(r.reason(),
                        MeasurementNotes.of(timing)), r.status() == CellStatus.OK ? r.host().reason() : ""),
                        placementNote(r.status(), r.outcome())));
        cellWall(b, r.wall());
        if (r.status() == CellStatus.OK) { // only a measured row was measured on a busy host
            hostBusy(b, r.host());
        }
        if (r.outcome() != null) {
            described(b, r.outcome());
        }
        session(b, r.status(), r.outcome());
        return b;
    }

    /** The cell's wall time; none for a cell that never started (its backend or runtime was refused before it). */
    private static void cellWall(ResultRow.Builder b, Duration wall) {
        if (!wall.isZero()) {
            b.set(Column.CELL_WALL_S, wall.toNanos() / 1e9);
        }
    }

    /** How the backend was run and its memory, from what the cell JVM reported. */
    private static void described(ResultRow.Builder b, CellOutcome outcome) {
        setText(b, Column.RUNTIME_VERSION, outcome.runtimeVersion());
        setText(b, Column.DEVICE, outcome.device());
        if (outcome.threads() != null) {
            b.set(Column.THREADS, outcome.threads());
        }
        if (outcome.backendOptions() != null) {
            b.set(Column.BACKEND_OPTIONS, OptionsCodec.encodeInOrder(outcome.backendOptions()));
        }
        if (outcome.weightBytes() != null) {
            b.set(Column.WEIGHTS_MB, outcome.weightBytes() / MIB);
        }
        setScaled(b, Column.PEAK_RSS_MB, outcome.peakRssMb(), 1);
    }

    /**
     * What the accuracy pass found about the session, on OK rows only (a row that failed in a later round was not
     * measured, so it carries no compile time or placement): compile time and the placement audit.
     */
    private static void session(ResultRow.Builder b, CellStatus status, CellOutcome outcome) {
        if (status != CellStatus.OK || outcome == null) {
            return;
        }
        setScaled(b, Column.COMPILE_S, outcome.compileS(), 1);
        PlacementSummary placement = outcome.placement();
        if (placement != null) {
            setScaled(b, Column.ACCEL_NODE_SHARE, placement.acceleratorNodeShare(), 1);
            setScaled(b, Column.ACCEL_TIME_SHARE, placement.acceleratorTimeShare(), 1);
            b.set(Column.FALLBACK_OPS, placement.fallbackOpsText());
        }
    }

    /** The placement audit's note (nodes the runtime inserted), for an OK row's reason; empty otherwise. */
    private static String placementNote(CellStatus status, CellOutcome outcome) {
        return status == CellStatus.OK && outcome != null && outcome.placement() != null
                ? outcome.placement().note() : "";
    }

    /**
     * One timing source per row: latency columns from the benchmark's samples, and tokens/s = tokens / mean time per
     * call, so tokens_per_s × latency_mean_ms / 1000 = tokens per call exactly. The error of tokens/s is the larger
     * distance from tokens/s to the ends of the interval the time's error gives, tokens / (mean ∓ error); empty when
     * that interval reaches zero (the time's error is as large as its mean).
     */
    private static void measured(ResultRow.Builder b, Timing t, long tokens) {
        if (t == null || t.meanMs() == null) {
            return;
        }
        setScaled(b, Column.LATENCY_MEAN_MS, t.meanMs(), 1);
        setScaled(b, Column.LATENCY_P50_MS, t.p50Ms(), 1);
        setScaled(b, Column.LATENCY_P90_MS, t.p90Ms(), 1);
        setScaled(b, Column.LATENCY_P99_MS, t.p99Ms(), 1);
        if (t.samples() != null) {
            b.set(Column.LATENCY_SAMPLES, t.samples());
        }
        double meanS = t.meanMs() / 1000.0;
        b.set(Column.TOKENS_PER_S, tokens / meanS);
        if (t.errorMs() != null && t.errorMs() < t.meanMs()) {
            b.set(Column.TOKENS_PER_S_ERROR, tokens / ((t.meanMs() - t.errorMs()) / 1000.0) - tokens / meanS);
        }
        if (t.steady() != null) {
            b.set(Column.STEADY, t.steady().toString());
        }
        setScaled(b, Column.WARMUP_S, t.warmupS(), 1);
        if (t.forks() != null) {
            b.set(Column.FORKS, t.forks());
        }
        if (t.iterations() != null) {
            b.set(Column.ITERATIONS, t.iterations());
        }
        setText(b, Column.INTERVAL_BASIS, t.intervalBasis());
    }

    /** A prompt pass's work as the forks time it: the last position's logits only (a prefill, a first token). */
    private static ForwardCost prefillCost(CellResult r) {
        Workload w = r.cell().workload();
        return ForwardCost.prefill(computed(r), r.cell().dtype(), w.batch(), w.seqLen(), LogitPositions.LAST);
    }

    /**
     * The model as the backend computed it: with the form of multi-head latent attention it recorded (the reference
     * backends compute the naive form whatever the scenario names for the export), so the roofline counts that work.
     */
    static ModelSpec computed(CellResult r) {
        ModelSpec spec = r.cell().scenario().model();
        Map<String, String> options = r.outcome() == null ? null : r.outcome().backendOptions();
        String form = options == null ? null : options.get(CellWorker.MLA_FORM);
        return form == null ? spec : spec.withMlaForm(MlaSpec.Form.fromId(form));
    }

    /**
     * What the hardware did for the row's benchmark: telemetry (device memory, power, energy per token, resident-set
     * growth) and the roofline (achieved FLOP/s and bytes/s, against the run's measured peaks).
     */
    private static void hardware(ResultRow.Builder b, CellResult r, String benchmark, Timing t, long tokensPerCall,
                                 ForwardCost cost) {
        CellOutcome outcome = r.outcome();
        if (outcome == null || t == null || t.meanMs() == null) {
            return;
        }
        telemetry(b, outcome, benchmark, tokensPerCall);
        boolean onHostCpu = outcome.telemetryTarget() == null || outcome.telemetryTarget().startsWith("HOST_CPU:");
        RunPeaks peaks = r.peaks() == null ? RunPeaks.hostOnly(null) : r.peaks();
        Roofline roofline = Roofline.of(cost, t.meanMs(),
                peaks.gflops(r.cell().backend(), onHostCpu, outcome.arithmetic()), peaks.gbps(onHostCpu));
        b.set(Column.ACHIEVED_GFLOPS, roofline.achievedGflops());
        b.set(Column.ACHIEVED_GBPS, roofline.achievedGbps());
        setScaled(b, Column.PEAK_FRACTION, roofline.peakFraction(), 1);
        setScaled(b, Column.BW_FRACTION, roofline.bwFraction(), 1);
    }

    /** Device memory, power, energy per token and resident-set growth of the benchmark's forks, or why not. */
    private static void telemetry(ResultRow.Builder b, CellOutcome outcome, String benchmark, long tokensPerCall) {
        ForkTelemetry telemetry = outcome.telemetryOf(benchmark);
        String note = outcome.telemetryNote();
        if (telemetry != null) {
            // the benchmark's own JVMs, where recorded: a decode cell's ttft and tpot forks are different JVMs
            setScaled(b, Column.PEAK_RSS_MB, telemetry.peakRssMb(), 1);
            setScaled(b, Column.DEVICE_MEM_PEAK_MB, telemetry.deviceMemPeakMb(), 1);
            setScaled(b, Column.RSS_GROWTH_MB, telemetry.rssGrowthMb(), 1);
            Double perCall = telemetry.joulesPerCall();
            if (perCall != null) {
                b.set(Column.AVG_POWER_W, telemetry.avgPowerW());
                b.set(Column.ENERGY_J_PER_TOKEN, perCall / tokensPerCall);
                setText(b, Column.ENERGY_SOURCE, outcome.energySource());
            } else if (outcome.energySource() != null) {
                note = MeasurementNotes.join(note, "the benchmark's forks read no energy from "
                        + outcome.energySource());
            }
        }
        if (note != null && !note.isEmpty()) {
            b.set(Column.TELEMETRY_NOTE, note);
        }
    }

    /** A decode workload's phase time (ttft_ms or tpot_ms): the same mean and error as the row's latency. */
    private static void phaseTime(ResultRow.Builder b, Column time, Column error, Timing t) {
        if (t == null || t.meanMs() == null) {
            return;
        }
        b.set(time, t.meanMs());
        setScaled(b, error, t.errorMs(), 1);
    }

    private static void drift(ResultRow.Builder b, DriftMetrics.Drift drift, String reference) {
        if (drift == null) {
            return;
        }
        // setDrift writes a non-finite metric as NaN (the outputs were not finite); routing's NaN means "dense model"
        b.setDrift(Column.MAX_ABS_ERR, drift.maxAbsErr())
                .setDrift(Column.REL_L2, drift.relL2())
                .setDrift(Column.COSINE, drift.cosine())
                .setDrift(Column.KL, drift.kl())
                .setDrift(Column.TOP1_AGREEMENT, drift.top1Agreement())
                .set(Column.ROUTING_AGREEMENT, drift.routingAgreement())
                .set(Column.DRIFT_REFERENCE, reference);
    }

    private static void hostBusy(ResultRow.Builder b, HostMonitor.Verdict host) {
        if (host.busy() != null) {
            b.set(Column.HOST_BUSY, host.busy().toString());
        }
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
