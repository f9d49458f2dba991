package dev.portbench.harness.telemetry;

import dev.portbench.backend.TelemetryTarget;
import dev.portbench.harness.env.NpuSmiUsages;
import dev.portbench.harness.env.RecordedNpuSmi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The npu-smi source end to end through {@link TelemetrySources} and the sampler, with a stand-in npu-smi on PATH that
 * replays recorded outputs and logs how it was called. The mapping ({@code info -m}) is the Atlas 800 training
 * server's, whose NPU 0 chip 0 is device 0; power and usages are one 910B card's (NPU 0, chip 0): two hosts, because no
 * public record holds all three texts from one card, but each text is what npu-smi prints for NPU 0 chip 0.
 */
class NpuSmiSourceTest {
    @TempDir
    Path dir;

    /** npu-smi answering {@code info -m}, and {@code info -t power|usages -i NPU} for {@code npu} only. */
    private Path npuSmi(int npu, String usagesFile) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path m = Files.writeString(dir.resolve("m.txt"), RecordedNpuSmi.load("m-910a-24.1.RC2.txt"));
        Path power = Files.writeString(dir.resolve("power.txt"), RecordedNpuSmi.load("power-910b-25.5.1.txt"));
        Path usages = Files.writeString(dir.resolve("usages.txt"), RecordedNpuSmi.load(usagesFile));
        Path script = bin.resolve("npu-smi");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$*\" >> '" + dir.resolve("calls.log") + "'\n"
                + "case \"$*\" in\n"
                + "  'info -m') cat '" + m + "' ;;\n"
                + "  'info -t power -i " + npu + "') cat '" + power + "' ;;\n"
                + "  'info -t usages -i " + npu + "') cat '" + usages + "' ;;\n"
                + "  *) echo \"Error: invalid argument $*\" >&2; exit 1 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** A started sampler on device 0 through the npu-smi in {@code bin}. */
    private TelemetrySampler samplingNpu0(Path bin, Duration period) throws IOException {
        TelemetrySource source = TelemetrySources.open(TelemetryTarget.ascendNpu(0), bin.toString(), dir).source();
        TelemetrySampler sampler = new TelemetrySampler(source, period, OptionalDouble::empty);
        sampler.start();
        return sampler;
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("calls.log"));
    }

    @Test
    void memoryInUseIsHbmWhereTheChipHasSomeElseDdr() {
        assertEquals(65536 * 5 / 100.0, NpuSmiSource.memoryInUseMb(
                new NpuSmiUsages.Usage(0, 0, 3L, 65536L, 5L, 15171L, 3L)));
        assertEquals(15171 * 3 / 100.0, NpuSmiSource.memoryInUseMb(
                new NpuSmiUsages.Usage(0, 0, 3L, 0L, 0L, 15171L, 3L)), "an HBM capacity of 0 is no HBM: DDR");
        assertEquals(8192 * 40 / 100.0, NpuSmiSource.memoryInUseMb(
                new NpuSmiUsages.Usage(0, 0, 3L, null, null, 8192L, 40L)), "a 310P lists no HBM: DDR");
        assertNull(NpuSmiSource.memoryInUseMb(new NpuSmiUsages.Usage(0, 0, 3L, 0L, 0L, null, null)));
    }

    @Test
    void theDeviceIsMappedToItsNpuAndEachReadAsksForThatNpu() throws Exception {
        Path bin = npuSmi(0, "usages-910b-25.5.1.txt");
        TelemetrySources.Opened opened = TelemetrySources.open(TelemetryTarget.ascendNpu(0), bin.toString(), dir);
        assertTrue(opened.ok(), opened.reason());
        try (TelemetrySource source = opened.source()) {
            assertEquals("npu-smi", source.name());
            assertEquals(List.of("info -m", "info -t power -i 0", "info -t usages -i 0"), calls(),
                    "opening maps the device, then reads once to prove the source works");
            TelemetrySample sample = source.read();
            assertEquals(103.5, sample.powerW());
            assertEquals(65536 * 5 / 100.0, sample.memUsedMb(), "HBM capacity × its usage rate");
            assertNull(sample.energyJ(), "npu-smi has no energy counter");
            assertTrue(source.note().startsWith("npu-smi has no energy counter"), source.note());
        }
    }

    @Test
    void aSampledWindowIntegratesPowerOverItsOwnSampleTimes() throws Exception {
        Path bin = npuSmi(0, "usages-910b-25.5.1.txt");
        TelemetrySampler sampler = samplingNpu0(bin, Duration.ofMillis(50));
        Thread.sleep(300);
        TelemetryReading window = sampler.stop();

        assertTrue(window.samples() >= 2, window.samples() + " samples");
        assertEquals(103.5 * window.seconds(), window.energyJ(), 1e-9,
                "a constant 103.5 W integrated over the window's length");
        assertEquals(103.5, window.avgPowerW(), 1e-9);
        assertEquals(3276.8, window.memPeakMb());
        long powerReads = calls().stream().filter(c -> c.equals("info -t power -i 0")).count();
        assertEquals(window.samples() + 1, powerReads, "one power read per sample, plus the one that opened it");
    }

    @Test
    void aChipWithoutHbmReportsItsDdrInUse() throws Exception {
        Path bin = npuSmi(0, "usages-910-ddr-and-hbm.txt");
        try (TelemetrySource source = TelemetrySources.open(TelemetryTarget.ascendNpu(0), bin.toString(), dir)
                .source()) {
            // Huawei's 910 example: HBM 32768 MB at 0 %, DDR 15171 MB at 3 %; HBM is what the model's tensors use
            assertEquals(0.0, source.read().memUsedMb());
        }
        Path ddrOnly = npuSmi(1, "usages-310p-no-hbm.txt");
        try (TelemetrySource source = TelemetrySources.open(TelemetryTarget.ascendNpu(1), ddrOnly.toString(), dir)
                .source()) {
            assertEquals(21534 * 4 / 100.0, source.read().memUsedMb(), "a 310P has DDR only: 4 % of 21534 MB");
        }
    }

    @Test
    void aDeviceTheMappingDoesNotListIsNoSourceWithTheMappingItSaw() throws Exception {
        Path bin = npuSmi(0, "usages-910b-25.5.1.txt");
        TelemetrySources.Opened opened = TelemetrySources.open(TelemetryTarget.ascendNpu(9), bin.toString(), dir);
        assertFalse(opened.ok());
        assertTrue(opened.reason().startsWith("npu-smi info -m maps no chip to device 9; it lists ["),
                opened.reason());
        assertEquals(List.of("info -m"), calls(), "nothing is sampled for an unmapped device");
    }

    @Test
    void aReadThatFailsMidWindowEndsTheWindowWithNpuSmisWords() throws Exception {
        Path bin = npuSmi(0, "usages-910b-25.5.1.txt");
        TelemetrySampler sampler = samplingNpu0(bin, Duration.ofMillis(20));
        // the card goes away: every later call fails as npu-smi does without a driver (swapped in by a rename, so
        // no call reads a half-written script)
        Path failing = Files.writeString(dir.resolve("npu-smi.failing"), "#!/bin/sh\n"
                + "echo 'dcmi module initialize failed. ret is -8005'\nexit 1\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(failing, bin.resolve("npu-smi"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(200);
        IOException e = assertThrows(IOException.class, sampler::stop);
        assertEquals("npu-smi failed while sampling: npu-smi exited 1: dcmi module initialize failed. ret is -8005",
                e.getMessage());
    }
}
