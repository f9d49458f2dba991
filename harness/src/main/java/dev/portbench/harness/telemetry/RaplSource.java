package dev.portbench.harness.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU package energy from Linux's powercap RAPL counters ({@code intel-rapl:N/energy_uj}; AMD's packages appear under
 * the same name): the sum over packages, in joules, kept monotonic across each counter's wrap at
 * {@code max_energy_range_uj}. Sub-zones (cores, uncore, dram) are inside their package's count and are not added,
 * nor is the platform zone {@code psys}, which holds the packages.
 */
public final class RaplSource implements TelemetrySource {
    public static final Path POWERCAP = Path.of("/sys/class/powercap");

    private final List<Zone> zones;

    /** One package counter: its files, its wrap and what it read last. */
    private static final class Zone {
        final Path energy;
        final long range;
        long last;
        long wraps;

        Zone(Path energy, long range, long first) {
            this.energy = energy;
            this.range = range;
            this.last = first;
        }

        double joules(long now) {
            if (now < last) {
                wraps++;
            }
            last = now;
            return (wraps * (double) range + now) / 1e6;
        }
    }

    private RaplSource(List<Zone> zones) {
        this.zones = zones;
    }

    /**
     * The package zones under {@code powercap}, each read once.
     *
     * @throws TelemetryUnavailableException naming what is missing or unreadable
     */
    public static RaplSource open(Path powercap) throws TelemetryUnavailableException {
        if (!Files.isDirectory(powercap)) {
            throw new TelemetryUnavailableException("no RAPL: " + powercap + " does not exist (not Linux, or no"
                    + " powercap driver)");
        }
        List<Zone> zones = new ArrayList<>();
        try (Stream<Path> entries = Files.list(powercap)) {
            for (Path zone : entries.sorted().toList()) {
                // packages are the top-level zones intel-rapl:N; intel-rapl:N:M are their sub-zones
                if (!zone.getFileName().toString().matches("intel-rapl:[0-9]+") || !isPackage(zone)) {
                    continue;
                }
                Path energy = zone.resolve("energy_uj");
                if (!Files.isReadable(energy)) {
                    throw new TelemetryUnavailableException("RAPL counter " + energy + " is not readable (root-only"
                            + " since Linux 5.10; make it readable, e.g. chmod a+r, to record CPU energy)");
                }
                zones.add(new Zone(energy, readLong(zone.resolve("max_energy_range_uj")), readLong(energy)));
            }
        } catch (IOException e) {
            throw new TelemetryUnavailableException("RAPL counters under " + powercap + " could not be read: "
                    + e.getMessage());
        }
        if (zones.isEmpty()) {
            throw new TelemetryUnavailableException("no RAPL package zone (intel-rapl:N) under " + powercap);
        }
        return new RaplSource(zones);
    }

    /**
     * Whether a top-level zone is a CPU package ({@code name}: package-N). Intel client CPUs add a top-level
     * {@code psys} zone, the whole platform, which holds the packages' energy: adding it would count them twice. A
     * zone without a name file (older kernels) is taken for a package, as it was.
     */
    private static boolean isPackage(Path zone) throws IOException {
        Path name = zone.resolve("name");
        return !Files.isReadable(name) || Files.readString(name).trim().startsWith("package-");
    }

    static long readLong(Path file) throws IOException {
        String text = Files.readString(file).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(file + " holds '" + text + "'; expected a whole number of microjoules");
        }
    }

    @Override
    public String name() {
        return "rapl";
    }

    @Override
    public synchronized TelemetrySample read() throws IOException {
        double joules = 0;
        for (Zone z : zones) {
            joules += z.joules(readLong(z.energy));
        }
        return new TelemetrySample(System.nanoTime(), joules, null, null);
    }

    @Override
    public String note() {
        return "rapl counts the whole CPU package (" + zones.size() + " package" + (zones.size() == 1 ? "" : "s")
                + "), other processes included";
    }
}
