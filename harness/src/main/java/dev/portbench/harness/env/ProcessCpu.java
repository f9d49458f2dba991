package dev.portbench.harness.env;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    /** A stat line is about 300 bytes; the fields read here come well within this, whatever the name. */
    private static final int STAT_BYTES = 1024;

    /** One process's name, its CPU ticks so far, and those of its children that ended and were waited for. */
    public record Ticks(String name, long ticks, long childTicks) {
        public Ticks(String name, long ticks) {
            this(name, ticks, 0);
        }
    }

    private ProcessCpu() {
    }

    /**
     * Every readable process under {@code proc} (normally /proc); empty where there is no such file system. Lean on
     * purpose: the host monitor reads every process once a few seconds while a cell measures, on the cores it measures.
     */
    public static Map<Long, Ticks> read(Path proc) {
        Map<Long, Ticks> out = new HashMap<>();
        String[] names = proc.toFile().list();
        if (names == null) {
            return out;
        }
        byte[] buffer = new byte[STAT_BYTES];
        String root = proc.toString();
        for (String name : names) {
            if (name.isEmpty() || !isDigits(name)) {
                continue;
            }
            try (FileInputStream in = new FileInputStream(root + "/" + name + "/stat")) {
                int n = in.readNBytes(buffer, 0, buffer.length);
                parseStat(new String(buffer, 0, n, StandardCharsets.UTF_8)).ifPresent(t ->
                        out.put(Long.parseLong(name), t));
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and reading, or is not ours to read
            }
        }
        return out;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code PID (COMM) STATE PPID ... UTIME STIME ...}; COMM may hold spaces and parentheses, so split after the last ')'. */
    static Optional<Ticks> parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        // after ')' come field 3 (state), 4, ...: utime (14), stime (15), cutime (16), cstime (17)
        long[] ticks = new long[4];
        int field = 2;
        int i = close + 1;
        while (field < 17) {
            while (i < stat.length() && Character.isWhitespace(stat.charAt(i))) {
                i++;
            }
            if (i == stat.length()) {
                return Optional.empty();
            }
            int tokenStart = i;
            while (i < stat.length() && !Character.isWhitespace(stat.charAt(i))) {
                i++;
            }
            field++;
            if (field >= 14) {
                ticks[field - 14] = Long.parseLong(stat, tokenStart, i, 10);
            }
        }
        return Optional.of(new Ticks(stat.substring(open + 1, close), ticks[0] + ticks[1], ticks[2] + ticks[3]));
    }
}
