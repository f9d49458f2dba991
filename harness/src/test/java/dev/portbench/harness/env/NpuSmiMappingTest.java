package dev.portbench.harness.env;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code npu-smi info -m} on recorded outputs. */
class NpuSmiMappingTest {
    @Test
    void fourChipsOfOneNpuAndItsMcuWhichIsNoDevice() {
        NpuSmiMapping m = NpuSmiMapping.parse(RecordedNpuSmi.load("m-310-21.0.4.txt"));
        assertEquals(List.of(
                new NpuSmiMapping.Chip(6, 0, 0, "MiniD"),
                new NpuSmiMapping.Chip(6, 1, 1, "MiniD"),
                new NpuSmiMapping.Chip(6, 2, 2, "MiniD"),
                new NpuSmiMapping.Chip(6, 3, 3, "MiniD"),
                new NpuSmiMapping.Chip(6, 4, null, "Mcu")), m.chips());
        assertEquals(OptionalInt.of(2), m.logicId(6, 2), "NPU 6 chip 2 is device 2, not device 6");
        assertEquals(OptionalInt.empty(), m.logicId(6, 4));
        assertEquals(OptionalInt.empty(), m.logicId(0, 0));
    }

    @Test
    void chipNamesMayHoldASpace() {
        NpuSmiMapping m = NpuSmiMapping.parse(RecordedNpuSmi.load("m-910a-24.1.RC2.txt"));
        assertEquals(8, m.chips().size());
        for (int npu = 0; npu < 8; npu++) {
            assertEquals(new NpuSmiMapping.Chip(npu, 0, npu, "Ascend 910A"), m.chips().get(npu));
        }
    }

    @Test
    void anIdThatIsNotANumberNamesItsLine() {
        String text = RecordedNpuSmi.load("m-310-21.0.4.txt").replace("6                              1", "6      x");
        NpuSmiFormatException e = assertThrows(NpuSmiFormatException.class, () -> NpuSmiMapping.parse(text));
        assertEquals("npu-smi info -m line 3: expected Chip ID as a whole number, got '6      x                    "
                + "          1                              MiniD'", e.getMessage());
    }

    @Test
    void anotherHeaderIsAnError() {
        NpuSmiFormatException e = assertThrows(NpuSmiFormatException.class,
                () -> NpuSmiMapping.parse("NPU ID  Chip ID  Chip Name\n0  0  Ascend 910A\n"));
        assertEquals("npu-smi info -m line 1: expected the header naming the columns 'NPU ID', 'Chip ID', "
                + "'Chip Logic ID' and, last, 'Chip Name', got 'NPU ID  Chip ID  Chip Name'", e.getMessage());
    }
}
