package dev.portbench.harness.telemetry;

import dev.portbench.backend.TelemetryTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each kind of target opens here, where no GPU, NPU or RAPL exists, and with stand-in vendor tools on PATH. */
class TelemetrySourcesTest {
    @TempDir
    Path dir;

    private Path tool(String name, String script) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void theHostCpuWithoutRaplIsEmptyWithTheReason() {
        TelemetrySources.Opened opened = TelemetrySources.open(TelemetryTarget.hostCpu(), "",
                dir.resolve("powercap"));
        assertFalse(opened.ok());
        assertEquals("no RAPL: " + dir.resolve("powercap") + " does not exist (not Linux, or no powercap driver)",
                opened.reason());
    }

    @Test
    void anNvidiaGpuWithoutDriverOrToolSaysBoth() {
        TelemetrySources.Opened opened = TelemetrySources.open(TelemetryTarget.nvidiaGpu(0), dir.toString(), dir);
        assertFalse(opened.ok());
        assertTrue(opened.reason().startsWith("NVML did not load (no NVIDIA driver's libnvidia-ml.so.1 here): "),
                opened.reason());
        assertTrue(opened.reason().endsWith("; fallback: nvidia-smi not found on PATH"), opened.reason());
    }

    @Test
    void withoutNvmlNvidiaSmiIsReadAndItsPowerIntegrated() throws Exception {
        Path bin = tool("nvidia-smi", "cat " + NvidiaSmiQueryTest.class.getResource("/nvidia-smi/query-3-gpus.txt")
                .getPath());
        TelemetrySources.Opened opened = TelemetrySources.open(TelemetryTarget.nvidiaGpu(1), bin.toString(), dir);
        assertTrue(opened.ok(), opened.reason());
        try (TelemetrySource smi = opened.source()) {
            assertEquals("nvidia-smi", smi.name());
            TelemetrySample s = smi.read();
            assertEquals(612.37, s.powerW());
            assertEquals(81003.0, s.memUsedMb());
            assertEquals(null, s.energyJ());
            assertTrue(smi.note().contains("no energy counter"), smi.note());
        }
        TelemetrySources.Opened absent = TelemetrySources.open(TelemetryTarget.nvidiaGpu(7), bin.toString(), dir);
        assertTrue(absent.reason().endsWith("fallback: nvidia-smi -i 7 printed no line for GPU 7"), absent.reason());
    }

    /** CUDA_VISIBLE_DEVICES=GPU-…: nvidia-smi answers for GPU 0, but which GPU the cell runs on is not known. */
    @Test
    void aGpuNamedByUuidReadsNoOtherGpusTelemetry() throws Exception {
        Path bin = tool("nvidia-smi", "cat " + NvidiaSmiQueryTest.class.getResource("/nvidia-smi/query-3-gpus.txt")
                .getPath());
        TelemetrySources.Opened opened = TelemetrySources.open(
                TelemetryTarget.nvidiaGpu(TelemetryTarget.physicalIndex(0, "GPU-8f2a1c3e")), bin.toString(), dir);
        assertFalse(opened.ok());
        assertEquals("which of the driver's devices the cell's NVIDIA_GPU is, is not known (its visible-devices list"
                + " names it by UUID, or CUDA_DEVICE_ORDER is not PCI_BUS_ID, the driver tools' order): no telemetry,"
                + " rather than another device's", opened.reason());
    }

    @Test
    void anAscendNpuWithoutNpuSmiSaysSo() {
        TelemetrySources.Opened opened = TelemetrySources.open(TelemetryTarget.ascendNpu(0), dir.toString(), dir);
        assertEquals("npu-smi not found on PATH", opened.reason());
    }

    @Test
    void aFailingToolIsTheReasonWithItsOwnWords() throws IOException {
        Path bin = tool("npu-smi", "echo 'dcmi module initialize failed. ret is -8005' ; exit 1");
        TelemetrySources.Opened opened = TelemetrySources.open(TelemetryTarget.ascendNpu(0), bin.toString(), dir);
        assertEquals("npu-smi exited 1: dcmi module initialize failed. ret is -8005", opened.reason());
    }

    @Test
    void theSwitchTurnsSamplingOff() {
        System.setProperty(TelemetrySources.SWITCH, "off");
        try {
            assertEquals("telemetry off (-Dportbench.telemetry=off)",
                    TelemetrySources.open(TelemetryTarget.hostCpu(), "", dir).reason());
        } finally {
            System.clearProperty(TelemetrySources.SWITCH);
        }
    }
}
