package dev.portbench.harness.worker;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * What a cell's JVM reports back to the suite runner through {@code cell.json}: how the backend was run and what
 * JMH measured. Absent numbers are null. Drift is not here: the runner computes it from the saved outputs.
 *
 * @param timings by benchmark: {@code latency} (prefill workloads), {@code ttft} and {@code tpot} (decode workloads)
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
        Map<String, Timing> timings,
        Double peakRssMb) {

    public static final String LATENCY = "latency";
    public static final String TTFT = "ttft";
    public static final String TPOT = "tpot";

    static CellOutcome failure(String why) {
        return new CellOutcome("FAILED", why, null, null, null, null, null, null, null);
    }

    static CellOutcome skipped(String reason) {
        return new CellOutcome("SKIPPED", reason, null, null, null, null, null, null, null);
    }

    /** A backend that was created: OK so far, numbers to come. */
    static CellOutcome described(String runtimeVersion, String device, int threads, Map<String, String> options) {
        return new CellOutcome("OK", "", runtimeVersion, device, threads, options, null, null, null);
    }

    CellOutcome withWeightBytes(long bytes) {
        return new CellOutcome(status, reason, runtimeVersion, device, threads, backendOptions, bytes, null, null);
    }

    /** Keeps what was learnt about the backend, with another status: SKIPPED for a precision it cannot run. */
    CellOutcome as(String newStatus, String why) {
        return new CellOutcome(newStatus, why, runtimeVersion, device, threads, backendOptions, weightBytes, null,
                null);
    }

    /** Keeps what was learnt about the backend before the failure, so the row still says what was run. */
    CellOutcome failed(String why) {
        return as("FAILED", why);
    }

    CellOutcome withPerformance(PerformanceResult p) {
        return new CellOutcome(status, reason, runtimeVersion, device, threads, backendOptions, weightBytes,
                p.timings(), p.peakRssMb());
    }

    /** The named timing, or null. */
    public Timing timing(String name) {
        return timings == null ? null : timings.get(name);
    }
}
