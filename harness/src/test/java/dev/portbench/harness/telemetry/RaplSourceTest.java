package dev.portbench.harness.telemetry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A powercap tree laid out as Linux does (two packages, a sub-zone, the MMIO zone), with counters we move by hand. */
class RaplSourceTest {
    @TempDir
    Path powercap;

    private void zone(String name, long energyUj, long rangeUj) throws IOException {
        Path dir = Files.createDirectories(powercap.resolve(name));
        Files.writeString(dir.resolve("energy_uj"), energyUj + "\n");
        Files.writeString(dir.resolve("max_energy_range_uj"), rangeUj + "\n");
    }

    @Test
    void sumsThePackagesOnlyAndCountsACounterWrap() throws IOException, TelemetryUnavailableException {
        zone("intel-rapl:0", 1_000_000, 262_143_328_850L);
        zone("intel-rapl:0:0", 999_999_999, 262_143_328_850L); // core sub-zone: inside package 0's count
        zone("intel-rapl:1", 262_143_000_000L, 262_143_328_850L);
        zone("intel-rapl-mmio:0", 5, 10);
        try (RaplSource rapl = RaplSource.open(powercap)) {
            double start = rapl.read().energyJ();
            assertEquals(1.0 + 262_143.0, start, 1e-9);
            // package 0 gains 3 J; package 1 wraps: 0.32885 J to the end of its range, then 2 J
            zone("intel-rapl:0", 4_000_000, 262_143_328_850L);
            zone("intel-rapl:1", 2_000_000, 262_143_328_850L);
            double end = rapl.read().energyJ();
            assertEquals(3.0 + 0.32885 + 2.0, end - start, 1e-6);
            assertEquals("rapl", rapl.name());
            assertTrue(rapl.note().contains("2 packages"), rapl.note());
        }
    }

    /** An Intel client CPU: package-0 and the platform zone psys, which holds the package's energy too. */
    @Test
    void thePlatformZoneIsNotAddedToThePackages() throws IOException, TelemetryUnavailableException {
        zone("intel-rapl:0", 1_000_000, 262_143_328_850L);
        Files.writeString(powercap.resolve("intel-rapl:0/name"), "package-0\n");
        zone("intel-rapl:1", 3_000_000, 262_143_328_850L);
        Files.writeString(powercap.resolve("intel-rapl:1/name"), "psys\n");
        try (RaplSource rapl = RaplSource.open(powercap)) {
            assertEquals(1.0, rapl.read().energyJ(), 1e-9, "package-0's joules alone");
            assertTrue(rapl.note().contains("(1 package)"), rapl.note());
        }
    }

    @Test
    void aMissingTreeOrOneWithoutPackagesSaysWhy() throws IOException {
        TelemetryUnavailableException missing = assertThrows(TelemetryUnavailableException.class,
                () -> RaplSource.open(powercap.resolve("absent")));
        assertEquals("no RAPL: " + powercap.resolve("absent") + " does not exist (not Linux, or no powercap driver)",
                missing.getMessage());
        zone("intel-rapl-mmio:0", 5, 10);
        TelemetryUnavailableException none = assertThrows(TelemetryUnavailableException.class,
                () -> RaplSource.open(powercap));
        assertEquals("no RAPL package zone (intel-rapl:N) under " + powercap, none.getMessage());
    }

    @Test
    void aCounterThatIsNoNumberIsAnErrorNamingTheFile() throws IOException {
        zone("intel-rapl:0", 1, 10);
        Files.writeString(powercap.resolve("intel-rapl:0/energy_uj"), "n/a\n");
        TelemetryUnavailableException e = assertThrows(TelemetryUnavailableException.class,
                () -> RaplSource.open(powercap));
        assertTrue(e.getMessage().contains("intel-rapl:0/energy_uj holds 'n/a'; expected a whole number of"
                + " microjoules"), e.getMessage());
    }
}
