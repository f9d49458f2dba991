package dev.portbench.harness.env;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe against a fake {@code npu-smi} shell script on a temporary PATH. */
class NpuSmiProbeTest {
    private static final Duration SHORT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private void fakeNpuSmi(String body) throws IOException {
        Path script = dir.resolve("npu-smi");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private NpuSmiProbe probe(Duration timeout) {
        return NpuSmiProbe.onPath(dir.resolve("empty") + java.io.File.pathSeparator + dir, timeout);
    }

    @Test
    void noNpuSmiOnPathRunsNothingAndSaysSo() {
        NpuSmiProbe probe = probe(SHORT);
        assertFalse(probe.found());
        assertEquals("npu-smi not found on PATH", probe.info().reason());
        assertEquals(Map.of("reason", "npu-smi not found on PATH"), NpuSection.describe(probe));
    }

    @Test
    void aFailingNpuSmiGivesItsExitCodeAndLastLines() throws IOException {
        fakeNpuSmi("echo first; echo second; echo; echo third; echo 'the last' >&2; exit 1");
        assertEquals("npu-smi exited 1: second / third / the last", probe(SHORT).info().reason());
    }

    @Test
    void aHungNpuSmiIsKilledAtTheTimeout() throws IOException {
        fakeNpuSmi("sleep 30");
        long start = System.nanoTime();
        ExternalTool.Outcome<NpuSmiInfo> info = probe(SHORT).info();
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals("npu-smi did not answer within 1 s", info.reason());
        assertTrue(tookMs < 5_000, "waited " + tookMs + " ms for a 1 s timeout");
    }

    @Test
    void outputThatIsNoTableIsAReasonNamingTheLine() throws IOException {
        fakeNpuSmi("echo 'no table here'");
        assertEquals("npu-smi printed what portbench cannot read: npu-smi info line 1: expected a border, the version "
                + "line or the header '| NPU Name | Health | Power(W) Temp(C) Hugepages-Usage(page) |', got "
                + "'no table here'", probe(SHORT).info().reason());
    }

    @Test
    void aWorkingNpuSmiGivesTheChipsEachWithItsDeviceId() throws IOException {
        Path info = Files.writeString(dir.resolve("info.txt"), RecordedNpuSmi.load("info-310-21.0.4.txt"));
        Path mapping = Files.writeString(dir.resolve("m.txt"), RecordedNpuSmi.load("m-310-21.0.4.txt"));
        fakeNpuSmi("if [ \"$1 $2\" = 'info -m' ]; then cat '" + mapping + "'; else cat '" + info + "'; fi");
        NpuSmiProbe probe = probe(Duration.ofSeconds(10));
        assertTrue(probe.found());
        assertEquals(4, probe.info().value().chips().size());

        Map<String, Object> npus = NpuSection.describe(probe);
        assertEquals(dir.resolve("npu-smi").toString(), npus.get("npu_smi"));
        assertEquals("21.0.4", npus.get("npu_smi_version"));
        assertEquals("21.0.4.B030", npus.get("version"));
        assertFalse(npus.containsKey("device_ids_unavailable"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> chips = (List<Map<String, Object>>) npus.get("chips");
        assertEquals(4, chips.size());
        Map<String, Object> third = chips.get(2);
        assertEquals(6, third.get("npu_id"));
        assertEquals(2, third.get("chip_id"));
        assertEquals(2, third.get("device_id"), "NPU 6 chip 2 is device 2 by npu-smi info -m");
        assertEquals(5, third.get("physical_id"));
        assertEquals("310", third.get("name"));
        assertEquals("OK", third.get("health"));
        assertEquals(12.8, third.get("power_w"));
        assertEquals(70, third.get("temperature_c"));
        assertEquals(0, third.get("aicore_percent"));
        assertEquals(2867L, third.get("memory_used_mb"));
        assertEquals(8192L, third.get("memory_total_mb"));
        assertEquals(null, third.get("hbm_used_mb"));
        assertEquals(null, third.get("hbm_total_mb"));
        assertEquals("0000:8B:00.0", third.get("bus_id"));
    }

    @Test
    void aFailingMappingKeepsTheChipsAndSaysWhyDeviceIdsAreMissing() throws IOException {
        Path info = Files.writeString(dir.resolve("info.txt"), RecordedNpuSmi.load("info-910b2-24.1.0.3.txt"));
        fakeNpuSmi("if [ \"$2\" = '-m' ]; then echo 'no mapping' >&2; exit 2; fi; cat '" + info + "'");
        Map<String, Object> npus = NpuSection.describe(probe(SHORT));
        assertEquals("npu-smi exited 2: no mapping", npus.get("device_ids_unavailable"));
        assertEquals(2, ((List<?>) npus.get("chips")).size());
    }
}
