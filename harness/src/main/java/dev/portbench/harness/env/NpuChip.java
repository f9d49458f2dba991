package dev.portbench.harness.env;

/**
 * One chip as {@code npu-smi info} lists it. The NPU id is npu-smi's card number, not the device id a runtime opens
 * (that is the chip's logic id, from {@code npu-smi info -m}). Nullable fields are ones npu-smi may print as
 * {@code NA} or {@code -} (an A3 card's second chip shows its power as {@code -}: the card's power is on the first).
 *
 * @param physicalId the {@code Phy-ID} (910, A3) or {@code Device} (310, 310P) column; null where the table has none
 * @param memory     the {@code Memory-Usage(MB)} column (DDR)
 * @param hbm        the {@code HBM-Usage(MB)} column; null where the table has none (310, 310P)
 */
public record NpuChip(int npuId, int chipId, Integer physicalId, String name, String health, Double powerW,
                      Integer temperatureC, Integer aicorePercent, UsedOfTotal memory, UsedOfTotal hbm,
                      String busId) {

    /** Megabytes used of a total, as npu-smi prints {@code 3419 / 65536}. */
    public record UsedOfTotal(long usedMb, long totalMb) {
    }

    /** The chip's device memory: its HBM where it has any, else its DDR. */
    public UsedOfTotal deviceMemory() {
        return hbm != null && hbm.totalMb() > 0 ? hbm : memory;
    }
}
