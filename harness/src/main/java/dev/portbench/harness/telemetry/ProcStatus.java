package dev.portbench.harness.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/** Sizes from this JVM's {@code /proc/self/status}: {@code VmRSS:} (resident now), {@code VmHWM:} (its peak). */
public final class ProcStatus {
    public static final String RESIDENT = "VmRSS:";
    public static final String PEAK_RESIDENT = "VmHWM:";
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcStatus() {
    }

    /** The line's size in MiB; empty off Linux (the columns then stay empty). */
    public static OptionalDouble mb(String key) {
        try {
            return parse(Files.readAllLines(STATUS), key);
        } catch (IOException | SecurityException e) {
            return OptionalDouble.empty();
        }
    }

    /** A status line such as {@code VmHWM:} or {@code VmRSS:}, given in kB (KiB), in MiB. */
    public static OptionalDouble parse(List<String> statusLines, String key) {
        for (String line : statusLines) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                if (parts.length == 2 && parts[1].equals("kB")) {
                    return OptionalDouble.of(Long.parseLong(parts[0]) / 1024.0);
                }
            }
        }
        return OptionalDouble.empty();
    }
}
