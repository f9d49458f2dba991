package dev.portbench.harness.env;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of every process, read from {@code /proc/PID/stat} (utime + stime, fields 14 and 15, and its waited-for
 * children's cutime + cstime, fields 16 and 17, in clock ticks of {@value #TICKS_PER_SECOND} per second: Linux's
 * USER_HZ on every mainstream architecture). Two readings a moment apart say how many cores each process used in
 * between.
 */
public final class ProcessCpu {
    public static final double TICKS_PER_SECOND = 100.0;

    /** One process's name, its CPU ticks so far, and those of its children that ended and were waited for. */
    public record Ticks(String name, long ticks, long childTicks) {
        public Ticks(String name, long ticks) {
            this(name, ticks, 0);
        }
    }

    private ProcessCpu() {
    }

    /** Every readable process under {@code proc} (normally /proc); empty where there is no such file system. */
    public static Map<Long, Ticks> read(Path proc) {
        Map<Long, Ticks> out = new HashMap<>();
        if (!Files.isDirectory(proc)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                try {
                    parseStat(Files.readString(dir.resolve("stat"))).ifPresent(t ->
                            out.put(Long.parseLong(dir.getFileName().toString()), t));
                } catch (IOException | RuntimeException e) {
                    // the process ended between listing and reading, or is not ours to read
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** {@code PID (COMM) STATE PPID ... UTIME STIME ...}; COMM may hold spaces and parentheses, so split after the last ')'. */
    static Optional<Ticks> parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        String[] rest = stat.substring(close + 1).trim().split("\\s+");
        if (rest.length < 15) {
            return Optional.empty();
        }
        // rest[0] is field 3 (state), so utime (14), stime (15), cutime (16), cstime (17) are rest[11] .. rest[14]
        return Optional.of(new Ticks(stat.substring(open + 1, close), Long.parseLong(rest[11]) + Long.parseLong(rest[12]),
                Long.parseLong(rest[13]) + Long.parseLong(rest[14])));
    }
}
