package dev.portbench.harness.telemetry;

import dev.portbench.harness.env.ExternalTool;
import dev.portbench.harness.env.NpuSmiMapping;
import dev.portbench.harness.env.NpuSmiPower;
import dev.portbench.harness.env.NpuSmiProbe;
import dev.portbench.harness.env.NpuSmiUsages;

import java.io.IOException;

/**
 * An Ascend NPU through {@code npu-smi}: {@code info -t power} and {@code info -t usages} per sample, for the chip
 * that {@code info -m} maps the runtime's device (logic) id to. npu-smi has no energy counter, so energy is power
 * integrated over the samples; memory in use is HBM (else DDR) capacity times its usage rate, in whole percents.
 */
public final class NpuSmiSource implements TelemetrySource {
    private final NpuSmiProbe npuSmi;
    private final int npuId;
    private final int chipId;

    private NpuSmiSource(NpuSmiProbe npuSmi, int npuId, int chipId) {
        this.npuSmi = npuSmi;
        this.npuId = npuId;
        this.chipId = chipId;
    }

    /** @throws TelemetryUnavailableException where npu-smi is missing, fails, or maps no chip to {@code logicId} */
    public static NpuSmiSource open(NpuSmiProbe npuSmi, int logicId) throws TelemetryUnavailableException {
        ExternalTool.Outcome<NpuSmiMapping> mapping = npuSmi.mapping();
        if (!mapping.ok()) {
            throw new TelemetryUnavailableException(mapping.reason());
        }
        NpuSmiMapping.Chip chip = mapping.value().chips().stream()
                .filter(c -> c.logicId() != null && c.logicId() == logicId).findFirst()
                .orElseThrow(() -> new TelemetryUnavailableException("npu-smi info -m maps no chip to device "
                        + logicId + "; it lists " + mapping.value().chips()));
        return TelemetrySource.readable(new NpuSmiSource(npuSmi, chip.npuId(), chip.chipId()));
    }

    @Override
    public String name() {
        return "npu-smi";
    }

    @Override
    public TelemetrySample read() throws IOException {
        long now = System.nanoTime();
        ExternalTool.Outcome<java.util.List<NpuSmiPower.Power>> power = npuSmi.power(npuId);
        if (!power.ok()) {
            throw new IOException(power.reason());
        }
        ExternalTool.Outcome<java.util.List<NpuSmiUsages.Usage>> usages = npuSmi.usages(npuId);
        if (!usages.ok()) {
            throw new IOException(usages.reason());
        }
        Double watts = power.value().stream().filter(p -> p.chipId() == chipId).findFirst()
                .map(NpuSmiPower.Power::watts).orElse(null);
        Double memory = usages.value().stream().filter(u -> u.chipId() == chipId).findFirst()
                .map(NpuSmiSource::memoryInUseMb).orElse(null);
        return new TelemetrySample(now, null, watts, memory);
    }

    /** HBM where the chip has it (a chip without HBM may list it with capacity 0), else DDR: capacity × usage rate. */
    static Double memoryInUseMb(NpuSmiUsages.Usage u) {
        if (u.hbmCapacityMb() != null && u.hbmCapacityMb() > 0 && u.hbmUsagePercent() != null) {
            return u.hbmCapacityMb() * u.hbmUsagePercent() / 100.0;
        }
        if (u.ddrCapacityMb() != null && u.ddrUsagePercent() != null) {
            return u.ddrCapacityMb() * u.ddrUsagePercent() / 100.0;
        }
        return null;
    }

    @Override
    public String note() {
        return "npu-smi has no energy counter: energy is power integrated over samples; memory from whole-percent"
                + " usage rates";
    }
}
