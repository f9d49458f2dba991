package dev.portbench.harness.worker;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * What a cell's JVM reports back to the suite runner through {@code cell.json}: how the backend was run and what
 * JMH measured. Absent numbers are null. Drift is not here: the runner computes it from the saved outputs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CellOutcome(
        String status,
        String reason,
        String runtimeVersion,
        String device,
        String dtype,
        Integer threads,
        Map<String, String> backendOptions,
        Long weightBytes,
        Double throughputOpsPerS,
        Double throughputOpsPerSError,
        Double latencyMeanMs,
        Double latencyP50Ms,
        Double latencyP90Ms,
        Double latencyP99Ms,
        Long latencySamples,
        Double peakRssMb) {

    static CellOutcome failure(String why) {
        return new CellOutcome("FAILED", why, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /** A backend that was created: OK so far, numbers to come. */
    static CellOutcome described(String runtimeVersion, String device, String dtype, int threads,
                                 Map<String, String> backendOptions) {
        return new CellOutcome("OK", "", runtimeVersion, device, dtype, threads, backendOptions, null,
                null, null, null, null, null, null, null, null);
    }

    CellOutcome withWeightBytes(long bytes) {
        return new CellOutcome(status, reason, runtimeVersion, device, dtype, threads, backendOptions, bytes,
                null, null, null, null, null, null, null, null);
    }

    static CellOutcome skipped(String reason) {
        return new CellOutcome("SKIPPED", reason, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /** Keeps what was learnt about the backend before the failure, so the row still says what was run. */
    CellOutcome failed(String why) {
        return new CellOutcome("FAILED", why, runtimeVersion, device, dtype, threads, backendOptions, weightBytes,
                null, null, null, null, null, null, null, null);
    }

    CellOutcome withPerformance(PerformanceResult p) {
        return new CellOutcome(status, reason, runtimeVersion, device, dtype, threads, backendOptions, weightBytes,
                p.opsPerS(), p.opsPerSError(), p.meanMs(), p.p50Ms(), p.p90Ms(), p.p99Ms(), p.samples(),
                p.peakRssMb());
    }
}
