package dev.portbench.harness.run;

import dev.portbench.harness.env.DevicePeak;
import dev.portbench.harness.worker.DevicePeakWorker;
import dev.portbench.results.OptionsCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures each accelerator backend's GEMM peak on its device, once per session and before any cell runs, each in a
 * JVM of its own with the backend's runtime and environment ({@link DevicePeakWorker}), one after another so that no
 * two measurements share a device. A measurement that crashes, hangs or cannot start is that backend's
 * {@link DevicePeak#failed} with the reason; the run goes on with empty peak fractions for its rows.
 */
public final class DevicePeaks {
    /** The matrices' side; {@value} changes it (the tests use a small one). */
    public static final String SIZE_PROPERTY = "portbench.devicepeak.size";
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** One backend to measure: its options, and the dtypes of the run's cells on it. */
    public record Request(String backend, Map<String, String> options, List<String> dtypes) {
    }

    private final CellLaunchers launchers;
    private final Path dir;

    public DevicePeaks(CellLaunchers launchers, Path dir) {
        this.launchers = launchers;
        this.dir = dir;
    }

    /** Each requested backend's peak, by backend, in the order asked. */
    public Map<String, DevicePeak> measure(List<Request> requests) throws InterruptedException {
        Map<String, DevicePeak> out = new LinkedHashMap<>();
        int n = firstNumber();
        for (Request r : requests) {
            out.put(r.backend(), measure(r, n++));
        }
        return out;
    }

    private DevicePeak measure(Request r, int n) throws InterruptedException {
        CellLaunchers.Launch launch = launchers.forBackend(r.backend(), r.options());
        if (!launch.ready()) {
            return DevicePeak.failed(r.backend(), launch.reason());
        }
        String name = String.format(Locale.ROOT, "%02d-%s", n, r.backend().replaceAll("[^A-Za-z0-9._@-]", "_"));
        Path out = dir.resolve(name + ".json");
        Path log = dir.resolve(name + ".log");
        List<String> args = new ArrayList<>(List.of("--backend", r.backend(), "--options",
                OptionsCodec.encode(r.options()), "--dtypes", String.join(",", r.dtypes()), "--out", out.toString()));
        Integer size = Integer.getInteger(SIZE_PROPERTY);
        if (size != null) {
            args.addAll(List.of("--size", size.toString()));
        }
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(out); // never read an earlier session's answer as this one's
            WorkerLauncher.Exit exit = launch.launcher().run(DevicePeakWorker.class.getName(), args, log, TIMEOUT);
            if (exit.timedOut()) {
                return DevicePeak.failed(r.backend(), String.format(Locale.ROOT, "the device peak of %s did not"
                        + " finish within %d s and was killed; see %s", r.backend(), TIMEOUT.toSeconds(), log));
            }
            if (!Files.exists(out)) {
                return DevicePeak.failed(r.backend(), "the device peak of " + r.backend() + "'s JVM "
                        + ExitCodes.describe(exit.exitCode()) + " without answering; last output: "
                        + LogTail.lastLines(log, 3));
            }
            return DevicePeakWorker.read(out);
        } catch (IOException | RuntimeException e) {
            return DevicePeak.failed(r.backend(), "the device peak of " + r.backend() + " could not run or be read: "
                    + e + "; expected its answer in " + out + " (log " + log + ")");
        }
    }

    /** A resumed run's measurements are numbered after the highest number an earlier session used. */
    private int firstNumber() {
        if (!Files.isDirectory(dir)) {
            return 1;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return 1 + files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+-.*"))
                    .mapToInt(n -> Integer.parseInt(n.substring(0, n.indexOf('-')))).max().orElse(0);
        } catch (IOException | NumberFormatException e) {
            return 1;
        }
    }
}
