package dev.portbench.harness.env;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code npu-smi info -t usages} on recorded outputs. */
class NpuSmiUsagesTest {
    @Test
    void a910bChipWithHbmOnly() {
        assertEquals(List.of(new NpuSmiUsages.Usage(0, 0, 0L, 65536L, 5L, 0L, 0L)),
                NpuSmiUsages.parse(RecordedNpuSmi.load("usages-910b-25.5.1.txt")));
    }

    @Test
    void aChipWithDdrAndHbm() {
        assertEquals(List.of(new NpuSmiUsages.Usage(0, 0, 0L, 32768L, 0L, 15171L, 3L)),
                NpuSmiUsages.parse(RecordedNpuSmi.load("usages-910-ddr-and-hbm.txt")));
    }

    @Test
    void a310pChipHasNoHbmLines() {
        assertEquals(List.of(new NpuSmiUsages.Usage(1, 0, 0L, null, null, 21534L, 4L)),
                NpuSmiUsages.parse(RecordedNpuSmi.load("usages-310p-no-hbm.txt")));
    }

    @Test
    void aLineWithoutAColonNamesItsLine() {
        String text = RecordedNpuSmi.load("usages-910b-25.5.1.txt").replace("HBM Usage Rate(%)              : 5",
                "HBM Usage Rate(%) 5");
        NpuSmiFormatException e = assertThrows(NpuSmiFormatException.class, () -> NpuSmiUsages.parse(text));
        assertEquals("npu-smi info -t usages line 10: expected a line 'Key : value', got 'HBM Usage Rate(%) 5'",
                e.getMessage());
    }

    @Test
    void aPercentThatIsNotANumberNamesItsLine() {
        String text = RecordedNpuSmi.load("usages-910b-25.5.1.txt").replace(": 65536", ": 64 GB");
        NpuSmiFormatException e = assertThrows(NpuSmiFormatException.class, () -> NpuSmiUsages.parse(text));
        assertEquals("npu-smi info -t usages line 9: expected HBM Capacity(MB) as a whole number or NA, got "
                + "'HBM Capacity(MB)               : 64 GB'", e.getMessage());
    }
}
