package dev.portbench.harness.telemetry;

/** A telemetry source that cannot be opened here; the message says why, for the row's telemetry note. */
public final class TelemetryUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public TelemetryUnavailableException(String reason) {
        super(reason);
    }
}
