package dev.portbench.harness.env;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code npu-smi info -t power} on a recorded output. */
class NpuSmiPowerTest {
    @Test
    void realTimePowerOfTheChip() {
        assertEquals(List.of(new NpuSmiPower.Power(0, 0, 103.5)),
                NpuSmiPower.parse(RecordedNpuSmi.load("power-910b-25.5.1.txt")));
    }

    @Test
    void aChipWithoutAPowerLineIsAnError() {
        String text = RecordedNpuSmi.load("power-910b-25.5.1.txt").replace("NPU Real-time Power(W)", "Power Limit(W)");
        NpuSmiFormatException e = assertThrows(NpuSmiFormatException.class, () -> NpuSmiPower.parse(text));
        assertEquals("npu-smi info -t power: NPU 0 chip 0 has [Power Limit(W)]; expected one of "
                + "[NPU Real-time Power(W), Power Dissipation(W)]", e.getMessage());
    }
}
