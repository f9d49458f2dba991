package dev.portbench.harness.telemetry;

import dev.portbench.harness.env.ExternalTool;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * An NVIDIA GPU through {@code nvidia-smi}, where NVML does not load in the JVM: one query per sample (memory in use
 * and power), no energy counter, so energy is power integrated over the samples. Each query is a process of its own.
 */
public final class NvidiaSmiSource implements TelemetrySource {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final ExternalTool tool;
    private final int index;

    private NvidiaSmiSource(ExternalTool tool, int index) {
        this.tool = tool;
        this.index = index;
    }

    /** @throws TelemetryUnavailableException where nvidia-smi is missing, fails or does not know the GPU */
    public static NvidiaSmiSource open(String pathVariable, int index) throws TelemetryUnavailableException {
        return TelemetrySource.readable(new NvidiaSmiSource(ExternalTool.onPath("nvidia-smi", pathVariable, TIMEOUT),
                index));
    }

    @Override
    public String name() {
        return "nvidia-smi";
    }

    @Override
    public TelemetrySample read() throws IOException {
        long now = System.nanoTime();
        ExternalTool.Outcome<String> out = tool.run("--query-gpu=" + NvidiaSmiQuery.FIELDS,
                "--format=csv,noheader,nounits", "-i", Integer.toString(index));
        if (!out.ok()) {
            throw new IOException(out.reason());
        }
        List<NvidiaSmiQuery.Gpu> gpus;
        try {
            gpus = NvidiaSmiQuery.parse(out.value());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        NvidiaSmiQuery.Gpu gpu = gpus.stream().filter(g -> g.index() == index).findFirst()
                .orElseThrow(() -> new IOException("nvidia-smi -i " + index + " printed no line for GPU " + index));
        return new TelemetrySample(now, null, gpu.powerW(), gpu.memUsedMb());
    }

    @Override
    public String note() {
        return "nvidia-smi has no energy counter: energy is power integrated over samples";
    }
}
