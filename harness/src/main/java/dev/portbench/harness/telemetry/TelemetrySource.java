package dev.portbench.harness.telemetry;

import java.io.IOException;

/** A device's power, energy and memory, read on demand; opened by {@link TelemetrySources}. */
public interface TelemetrySource extends AutoCloseable {

    /** What the energy column's source says: {@code nvml}, {@code nvidia-smi}, {@code npu-smi} or {@code rapl}. */
    String name();

    /** A reading now. */
    TelemetrySample read() throws IOException;

    /** What limits this source's numbers, for the row's telemetry note; empty when nothing does. */
    default String note() {
        return "";
    }

    @Override
    default void close() {
    }
}
