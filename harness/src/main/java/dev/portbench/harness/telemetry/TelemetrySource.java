package dev.portbench.harness.telemetry;

import java.io.IOException;

/** A device's power, energy and memory, read on demand; opened by {@link TelemetrySources}. */
public interface TelemetrySource extends AutoCloseable {

    /** No device: samples hold only their time, for a sampler that watches the resident set alone. */
    TelemetrySource NONE = new TelemetrySource() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public TelemetrySample read() {
            return new TelemetrySample(System.nanoTime(), null, null, null);
        }
    };

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

    /** {@code source} once it gave a first reading; the read's failure as the reason it cannot be used. */
    static <S extends TelemetrySource> S readable(S source) throws TelemetryUnavailableException {
        try {
            source.read();
        } catch (IOException e) {
            throw new TelemetryUnavailableException(e.getMessage());
        }
        return source;
    }
}
