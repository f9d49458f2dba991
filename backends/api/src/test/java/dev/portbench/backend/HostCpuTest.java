package dev.portbench.backend;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostCpuTest {

    @Test
    void x86ModelNameIsReadAndTheModelNumberLineIgnored() {
        List<String> cpuinfo = List.of(
                "processor\t: 0",
                "vendor_id\t: GenuineIntel",
                "cpu family\t: 6",
                "model\t\t: 85",
                "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz",
                "stepping\t: 7",
                "",
                "processor\t: 1",
                "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz");
        assertEquals("Intel(R) Xeon(R) CPU @ 2.20GHz", HostCpu.parseModelName(cpuinfo));
    }

    @Test
    void armBoardModelWinsOverCpuPartWhereverItAppears() {
        List<String> cpuinfo = List.of(
                "processor\t: 0",
                "BogoMIPS\t: 108.00",
                "CPU implementer\t: 0x41",
                "CPU part\t: 0xd08",
                "",
                "Hardware\t: BCM2835",
                "Model\t\t: Raspberry Pi 4 Model B Rev 1.4");
        assertEquals("Raspberry Pi 4 Model B Rev 1.4", HostCpu.parseModelName(cpuinfo));
    }

    @Test
    void armServerWithoutModelLineFallsBackToCpuPart() {
        List<String> cpuinfo = List.of("processor\t: 0", "CPU implementer\t: 0x41", "CPU part\t: 0xd0c");
        assertEquals("0xd0c", HostCpu.parseModelName(cpuinfo));
    }

    @Test
    void noKnownLineSaysModelUnknownWithArchitecture() {
        String name = HostCpu.parseModelName(List.of("processor : 0", ": no key", "garbage"));
        assertEquals(System.getProperty("os.arch") + " (model unknown)", name);
    }

    @Test
    void modelNameOfThisHostIsNotBlank() {
        String name = HostCpu.modelName();
        assertFalse(name.isBlank());
        assertTrue(name.equals(name.trim()), "untrimmed: '" + name + "'");
    }
}
