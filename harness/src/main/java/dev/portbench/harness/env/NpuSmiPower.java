package dev.portbench.harness.env;

import java.util.List;

/**
 * Parser of {@code npu-smi info -t power -i N}: each chip's power draw now. npu-smi has no energy counter, so
 * energy over a run can only be estimated from samples of this.
 */
public final class NpuSmiPower {
    static final String COMMAND = "npu-smi info -t power";
    /** The labels npu-smi prints a chip's present draw under (the second for some cards' MCU-measured power). */
    static final List<String> LABELS = List.of("NPU Real-time Power(W)", "Power Dissipation(W)");

    /** One chip's draw; {@code watts} is null where npu-smi printed NA. */
    public record Power(int npuId, int chipId, Double watts) {
    }

    private NpuSmiPower() {
    }

    public static List<Power> parse(String text) {
        return NpuSmiKeyValues.parse(COMMAND, text).stream().map(NpuSmiPower::power).toList();
    }

    private static Power power(NpuSmiKeyValues.ChipBlock chip) {
        for (String label : LABELS) {
            if (chip.values().containsKey(label)) {
                return new Power(chip.npuId(), chip.chipId(), NpuSmiKeyValues.optionalDecimal(COMMAND, chip, label));
            }
        }
        throw new NpuSmiFormatException(COMMAND, "NPU " + chip.npuId() + " chip " + chip.chipId() + " has "
                + chip.values().keySet() + "; expected one of " + LABELS);
    }
}
