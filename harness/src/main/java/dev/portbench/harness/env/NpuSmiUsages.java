package dev.portbench.harness.env;

import java.util.List;

/** Parser of {@code npu-smi info -t usages -i N}: each chip's utilisation and memory capacity. */
public final class NpuSmiUsages {
    static final String COMMAND = "npu-smi info -t usages";

    /**
     * One chip's usage; a field is null where the chip does not report it (a 310P has no HBM lines).
     * Percentages are as npu-smi rounds them, to whole percents.
     */
    public record Usage(int npuId, int chipId, Long aicorePercent, Long hbmCapacityMb, Long hbmUsagePercent,
                        Long ddrCapacityMb, Long ddrUsagePercent) {
    }

    private NpuSmiUsages() {
    }

    public static List<Usage> parse(String text) {
        return NpuSmiKeyValues.parse(COMMAND, text).stream().map(c -> new Usage(c.npuId(), c.chipId(),
                NpuSmiKeyValues.optionalLong(COMMAND, c, "Aicore Usage Rate(%)"),
                NpuSmiKeyValues.optionalLong(COMMAND, c, "HBM Capacity(MB)"),
                NpuSmiKeyValues.optionalLong(COMMAND, c, "HBM Usage Rate(%)"),
                NpuSmiKeyValues.optionalLong(COMMAND, c, "DDR Capacity(MB)"),
                NpuSmiKeyValues.optionalLong(COMMAND, c, "DDR Usage Rate(%)"))).toList();
    }
}
