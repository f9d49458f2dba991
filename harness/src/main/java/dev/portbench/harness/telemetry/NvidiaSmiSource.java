package dev.portbench.harness.telemetry;

import dev.portbench.harness.env.ExternalTool;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * An NVIDIA GPU through {@code nvidia-smi}, where NVML does not load in the JVM: one query per sample (memory in use
 * and power), no energy counter, so energy is power integrated over the samples. Each query is a process of its own.
 * The power is the instant reading where the driver has one, else {@code power.draw} (a 1 s average on Ampere and
 * later), and the note says which.
 */
public final class NvidiaSmiSource implements TelemetrySource {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final ExternalTool tool;
    private final int index;
    private final String powerField;

    private NvidiaSmiSource(ExternalTool tool, int index, String powerField) {
        this.tool = tool;
        this.index = index;
        this.powerField = powerField;
    }

    /**
     * The instant power where nvidia-smi knows the field and reads a value for this GPU, else the averaged one.
     *
     * @throws TelemetryUnavailableException where nvidia-smi is missing, fails or does not know the GPU
     */
    public static NvidiaSmiSource open(String pathVariable, int index) throws TelemetryUnavailableException {
        ExternalTool tool = ExternalTool.onPath("nvidia-smi", pathVariable, TIMEOUT);
        NvidiaSmiSource instant = new NvidiaSmiSource(tool, index, NvidiaSmiQuery.INSTANT_POWER);
        try {
            if (instant.read().powerW() != null) {
                return instant;
            }
        } catch (IOException e) {
            if (!NvidiaSmiQuery.isUnknownField(e.getMessage())) {
                throw new TelemetryUnavailableException(e.getMessage());
            }
        }
        return TelemetrySource.readable(new NvidiaSmiSource(tool, index, NvidiaSmiQuery.AVERAGE_POWER));
    }

    @Override
    public String name() {
        return "nvidia-smi";
    }

    @Override
    public TelemetrySample read() throws IOException {
        long now = System.nanoTime();
        ExternalTool.Outcome<String> out = tool.run("--query-gpu=" + NvidiaSmiQuery.fields(powerField),
                "--format=csv,noheader,nounits", "-i", Integer.toString(index));
        if (!out.ok()) {
            throw new IOException(out.reason());
        }
        List<NvidiaSmiQuery.Gpu> gpus;
        try {
            gpus = NvidiaSmiQuery.parse(out.value(), powerField);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        NvidiaSmiQuery.Gpu gpu = gpus.stream().filter(g -> g.index() == index).findFirst()
                .orElseThrow(() -> new IOException("nvidia-smi -i " + index + " printed no line for GPU " + index));
        return new TelemetrySample(now, null, gpu.powerW(), gpu.memUsedMb());
    }

    @Override
    public String note() {
        return "nvidia-smi has no energy counter: energy is power integrated over samples ("
                + (powerField.equals(NvidiaSmiQuery.INSTANT_POWER) ? powerField
                : powerField + ", a 1 s average on Ampere and later: power.draw.instant was not readable") + ")";
    }
}
