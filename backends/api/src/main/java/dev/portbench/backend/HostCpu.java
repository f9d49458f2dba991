package dev.portbench.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The host CPU's model name as the OS reports it (Linux /proc/cpuinfo), for device columns and fingerprints. */
public final class HostCpu {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private HostCpu() {
    }

    public static String modelName() {
        try {
            return parseModelName(Files.readAllLines(CPUINFO));
        } catch (IOException | SecurityException e) {
            return System.getProperty("os.arch") + " (model unknown: " + CPUINFO + " unreadable)";
        }
    }

    /** The first "model name" (x86) or "Model"/"CPU part" (Arm) line's value. */
    static String parseModelName(List<String> cpuinfo) {
        for (String key : List.of("model name", "Model", "CPU part")) {
            for (String line : cpuinfo) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }
}
