package dev.portbench.harness.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portbench.harness.measure.ForkSamples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cell's JVM reports back to the suite runner through {@code cell.json}: how the backend was run and what
 * JMH measured. Absent numbers are null. Drift is not here: the runner computes it from the saved outputs.
 *
 * @param compileS  seconds the backend took to create the accuracy pass's session
 * @param placement what the accuracy pass's placement audit found; null where the backend cannot tell
 * @param timings by benchmark: {@code latency} (prefill workloads), {@code ttft} and {@code tpot} (decode workloads)
 * @param forks   by benchmark, the raw forks the timing was summarised from, so that a run's rounds can be merged
 * @param arithmetic what the backend computed the model in ({@code fp64} for the oracle), for the roofline's peak
 * @param telemetryTarget the device the telemetry reads, {@code KIND:INDEX} (e.g. {@code HOST_CPU:0})
 * @param energySource the telemetry source the cell's device was read with; null where none could be opened
 * @param telemetryNote why there is no telemetry, or what limits it
 * @param telemetry by benchmark, each fork's telemetry, merged like the forks
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CellOutcome(
        String status,
        String reason,
        String runtimeVersion,
        String device,
        Integer threads,
        Map<String, String> backendOptions,
        Long weightBytes,
        Double compileS,
        PlacementSummary placement,
        Map<String, Timing> timings,
        Double peakRssMb,
        Map<String, List<ForkSamples>> forks,
        String arithmetic,
        String telemetryTarget,
        String energySource,
        String telemetryNote,
        Map<String, List<ForkTelemetry>> telemetry) {

    public static final String LATENCY = "latency";
    public static final String TTFT = "ttft";
    public static final String TPOT = "tpot";

    static CellOutcome failure(String why) {
        return new CellOutcome("FAILED", why, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    static CellOutcome skipped(String reason) {
        return new CellOutcome("SKIPPED", reason, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /** A later round of a run: its first round described the backend, this one only measures. */
    static CellOutcome undescribed() {
        return new CellOutcome("OK", "", null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** A backend that was created: OK so far, numbers to come. */
    static CellOutcome described(String runtimeVersion, String device, int threads, Map<String, String> options,
                                 String arithmetic) {
        return new CellOutcome("OK", "", runtimeVersion, device, threads, options, null, null, null, null, null,
                null, arithmetic, null, null, null, null);
    }

    /** Which telemetry source the cell's device is read with (null: none), and the note on it. */
    CellOutcome withTelemetrySource(String target, String source, String note) {
        return new CellOutcome(status, reason, runtimeVersion, device, threads, backendOptions, weightBytes, compileS,
                placement, timings, peakRssMb, forks, arithmetic, target, source, note, telemetry);
    }

    /** What opening the accuracy pass's session told: its weights (null where unknown) and how long it took. */
    CellOutcome withSession(Long bytes, double seconds) {
        return new CellOutcome(status, reason, runtimeVersion, device, threads, backendOptions, bytes, seconds,
                placement, null, null, null, arithmetic, telemetryTarget, energySource, telemetryNote, null);
    }

    CellOutcome withPlacement(PlacementSummary audit) {
        return new CellOutcome(status, reason, runtimeVersion, device, threads, backendOptions, weightBytes, compileS,
                audit, null, null, null, arithmetic, telemetryTarget, energySource, telemetryNote, null);
    }

    /** Keeps what was learnt about the backend, with another status: SKIPPED for a precision it cannot run. */
    public CellOutcome as(String newStatus, String why) {
        return new CellOutcome(newStatus, why, runtimeVersion, device, threads, backendOptions, weightBytes, compileS,
                placement, null, null, null, arithmetic, telemetryTarget, energySource, telemetryNote, null);
    }

    /** Keeps what was learnt about the backend before the failure, so the row still says what was run. */
    CellOutcome failed(String why) {
        return as("FAILED", why);
    }

    CellOutcome withPerformance(PerformanceResult p) {
        return new CellOutcome(status, reason, runtimeVersion, device, threads, backendOptions, weightBytes, compileS,
                placement, p.timings(), p.peakRssMb(), p.forks(), arithmetic, telemetryTarget, energySource, telemetryNote,
                p.telemetry());
    }

    /**
     * This outcome (a run's first round, which described the backend) with the forks of every round: timings
     * summarised again over all of them, the largest peak RSS.
     */
    public CellOutcome withForksOf(List<CellOutcome> rounds) {
        Map<String, List<ForkSamples>> merged = new LinkedHashMap<>();
        Map<String, List<ForkTelemetry>> mergedTelemetry = new LinkedHashMap<>();
        Double peakRss = null;
        for (CellOutcome round : rounds) {
            if (round.forks() != null) {
                round.forks().forEach((benchmark, f) -> merged.computeIfAbsent(benchmark, b -> new ArrayList<>())
                        .addAll(f));
            }
            if (round.telemetry() != null) {
                round.telemetry().forEach((benchmark, t) -> mergedTelemetry.computeIfAbsent(benchmark,
                        b -> new ArrayList<>()).addAll(t));
            }
            if (round.peakRssMb() != null && (peakRss == null || round.peakRssMb() > peakRss)) {
                peakRss = round.peakRssMb();
            }
        }
        return withPerformance(PerformanceResult.of(merged, mergedTelemetry, peakRss));
    }

    /** The named benchmark's telemetry over all its forks, or null. */
    public ForkTelemetry telemetryOf(String name) {
        return telemetry == null || telemetry.get(name) == null ? null : ForkTelemetry.merge(telemetry.get(name));
    }

    /** The named timing, or null. */
    public Timing timing(String name) {
        return timings == null ? null : timings.get(name);
    }
}
