package dev.portbench.harness.env;

import dev.portbench.harness.env.NpuChip.UsedOfTotal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code npu-smi info} on recorded outputs; every expected value is read off the recorded text by hand. */
class NpuSmiInfoTest {
    private static UsedOfTotal mb(long used, long total) {
        return new UsedOfTotal(used, total);
    }

    @Test
    void a3TableHasTwoChipsPerNpuWithPhysicalIdsAndPowerOnlyOnTheFirst() {
        NpuSmiInfo info = NpuSmiInfo.parse(RecordedNpuSmi.load("info-a3-26.0.rc2.txt"));
        assertEquals("26.0.rc2", info.npuSmiVersion());
        assertEquals("26.0.rc2", info.version());
        assertEquals(List.of(
                new NpuChip(0, 0, 0, "Ascend910", "OK", 162.6, 34, 0, mb(0, 0), mb(3419, 65536), "0000:9D:00.0"),
                new NpuChip(0, 1, 1, "Ascend910", "OK", null, 34, 0, mb(0, 0), mb(2874, 65536), "0000:9F:00.0"),
                // "31877/ 65536": five digits close up on the slash.
                new NpuChip(7, 1, 15, "Ascend910", "OK", null, 35, 0, mb(0, 0), mb(31877, 65536), "0000:83:00.0")),
                info.chips());
        assertEquals(mb(3419, 65536), info.chips().get(0).deviceMemory());
    }

    @Test
    void a910b2TableHasOneChipPerNpuAndNoPhysicalIdColumn() {
        NpuSmiInfo info = NpuSmiInfo.parse(RecordedNpuSmi.load("info-910b2-24.1.0.3.txt"));
        assertEquals("24.1.0.3", info.npuSmiVersion());
        assertEquals("24.1.0.3", info.version());
        assertEquals(List.of(
                new NpuChip(0, 0, null, "910B2", "OK", 96.4, 37, 0, mb(0, 0), mb(3397, 65536), "0000:C1:00.0"),
                new NpuChip(1, 0, null, "910B2", "OK", 88.7, 37, 0, mb(0, 0), mb(3395, 65536), "0000:C2:00.0")),
                info.chips());
    }

    @Test
    void a310p3TableHasDeviceIdsNoHbmAndPowerNa() {
        NpuSmiInfo info = NpuSmiInfo.parse(RecordedNpuSmi.load("info-310p3-25.2.0.txt"));
        assertEquals("25.2.0", info.npuSmiVersion());
        assertEquals("25.2.0", info.version());
        assertEquals(List.of(
                new NpuChip(2, 0, 0, "310P3", "OK", null, 70, 0, mb(1417, 44216), null, "0000:01:00.0"),
                new NpuChip(2, 1, 1, "310P3", "OK", null, 69, 0, mb(1516, 43757), null, "0000:01:00.0")),
                info.chips());
        assertEquals(mb(1417, 44216), info.chips().get(0).deviceMemory(), "no HBM: the device memory is the DDR");
    }

    @Test
    void a310TableListsFourChipsOfOneNpuAndADriverVersionApartFromNpuSmis() {
        NpuSmiInfo info = NpuSmiInfo.parse(RecordedNpuSmi.load("info-310-21.0.4.txt"));
        assertEquals("21.0.4", info.npuSmiVersion());
        assertEquals("21.0.4.B030", info.version());
        assertEquals(List.of(
                new NpuChip(6, 0, 3, "310", "OK", 12.8, 73, 0, mb(2703, 8192), null, "0000:89:00.0"),
                new NpuChip(6, 1, 4, "310", "OK", 12.8, 74, 0, mb(2867, 8192), null, "0000:8A:00.0"),
                new NpuChip(6, 2, 5, "310", "OK", 12.8, 70, 0, mb(2867, 8192), null, "0000:8B:00.0"),
                new NpuChip(6, 3, 6, "310", "OK", 12.8, 65, 0, mb(2867, 8192), null, "0000:8C:00.0")),
                info.chips());
    }

    @Test
    void a910aTableWithWarningsAndAProcessTable() {
        NpuSmiInfo info = NpuSmiInfo.parse(RecordedNpuSmi.load("info-910a-24.1.RC2.txt"));
        assertEquals("24.1.RC2", info.npuSmiVersion());
        assertEquals("24.1.RC2", info.version());
        assertEquals(List.of(
                new NpuChip(0, 0, null, "xxx", "OK", 70.5, 42, 0, mb(4252, 15137), mb(0, 32768), "0000:C1:00.0"),
                new NpuChip(1, 0, null, "xxx", "OK", 71.2, 36, 0, mb(4666, 15137), mb(0, 32768), "0000:81:00.0"),
                new NpuChip(2, 0, null, "xxx", "OK", 69.0, 35, 0, mb(4317, 15137), mb(0, 32768), "0000:41:00.0"),
                new NpuChip(3, 0, null, "xxx", "Warning", 206.9, 39, 0, mb(3616, 15039), mb(0, 32768), "0000:01:00.0"),
                new NpuChip(4, 0, null, "xxx", "OK", 70.2, 39, 0, mb(3708, 15137), mb(0, 32768), "0000:C2:00.0"),
                new NpuChip(5, 0, null, "xxx", "OK", 64.9, 37, 0, mb(4346, 15137), mb(0, 32768), "0000:82:00.0"),
                new NpuChip(6, 0, null, "xxx", "OK", 69.4, 40, 0, mb(4261, 15137), mb(0, 32768), "0000:42:00.0"),
                new NpuChip(7, 0, null, "xxx", "Warning", 203.2, 42, 0, mb(4521, 15039), mb(0, 32768), "0000:02:00.0")),
                info.chips());
        assertEquals(mb(0, 32768), info.chips().get(0).deviceMemory());
    }

    @Test
    void aValueThatIsNotANumberNamesItsLineAndText() {
        String text = RecordedNpuSmi.load("info-910b2-24.1.0.3.txt").replace("96.4", "96,4");
        NpuSmiFormatException e = assertThrows(NpuSmiFormatException.class, () -> NpuSmiInfo.parse(text));
        assertEquals("npu-smi info line 7: expected power (W) as a number, NA or - (not '96,4'), got '| 0     910B2"
                + "               | OK            | 96,4        37                0    / 0             |'",
                e.getMessage());
    }

    @Test
    void aLineOfNoKnownShapeIsAnErrorNotASkip() {
        String text = RecordedNpuSmi.load("info-910b2-24.1.0.3.txt")
                .replaceFirst("\\+===", "| garbage row without metrics |\n+===");
        NpuSmiFormatException e = assertThrows(NpuSmiFormatException.class, () -> NpuSmiInfo.parse(text));
        assertEquals("npu-smi info line 6: expected an NPU row '| <npu> <name> | <health> | <power> <temp> <used> / "
                + "<total> |' or a chip row '| <chip> | <bus-id> | <aicore> <used> / <total> <hbm used> / <hbm total> |'"
                + ", got '| garbage row without metrics |'", e.getMessage());
    }

    @Test
    void aChipRowWithoutTheHbmColumnTheHeaderAnnouncedIsAnError() {
        String text = RecordedNpuSmi.load("info-910b2-24.1.0.3.txt").replace("3397 / 65536", "            ");
        NpuSmiFormatException e = assertThrows(NpuSmiFormatException.class, () -> NpuSmiInfo.parse(text));
        String line8 = text.lines().skip(7).findFirst().orElseThrow().strip();
        assertEquals("npu-smi info line 8: expected a chip row '| <chip> | <bus-id> | <aicore> <used> / <total> "
                + "<hbm used> / <hbm total> |', as the header announced, got '" + line8 + "'", e.getMessage());
        assertTrue(line8.startsWith("| 0                         | 0000:C1:00.0  | 0           0    / 0    "));
    }

    @Test
    void anNpuRowWithoutItsChipRowIsAnError() {
        String text = RecordedNpuSmi.load("info-910b2-24.1.0.3.txt")
                .replace("| 0                         | 0000:C1:00.0  | 0           0    / 0          3397 / 65536"
                        + "         |\n", "");
        NpuSmiFormatException e = assertThrows(NpuSmiFormatException.class, () -> NpuSmiInfo.parse(text));
        assertEquals("npu-smi info: the NPU row on line 7 (NPU 0) has no chip row under it; got line 9 '| 1     910B2"
                + "               | OK            | 88.7        37                0    / 0             |'",
                e.getMessage());
    }

    @Test
    void textThatIsNoTableIsAnError() {
        NpuSmiFormatException e = assertThrows(NpuSmiFormatException.class,
                () -> NpuSmiInfo.parse("no table here\n"));
        assertEquals("npu-smi info line 1: expected a border, the version line or the header '| NPU Name | Health | "
                + "Power(W) Temp(C) Hugepages-Usage(page) |', got 'no table here'", e.getMessage());
    }
}
