package dev.portbench.harness.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Total physical memory from /proc/meminfo (Linux); null elsewhere, so the fingerprint says "unknown" honestly. */
final class MemInfo {
    private MemInfo() {
    }

    static Long totalMb() {
        try {
            return parseTotalMb(Files.readAllLines(Path.of("/proc/meminfo")));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    static Long parseTotalMb(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) / 1024;
            }
        }
        return null;
    }
}
