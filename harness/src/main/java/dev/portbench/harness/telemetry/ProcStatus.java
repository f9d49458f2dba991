package dev.portbench.harness.telemetry;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /**
     * The line's size in MiB; empty off Linux (the columns then stay empty). Reads the file's bytes with a plain stream
     * and parses only the one line's digits: the sampler calls this ten times a second, mostly interpreted, and with
     * every line decoded through NIO and split by a regex its thread used 5.5 ms of CPU per second, now 3.0
     * (SamplerCost, 30 s).
     */
    public static OptionalDouble mb(String key) {
        byte[] text = new byte[8192]; // the status of a JVM with hundreds of threads is under 2 KiB
        int n = 0;
        try (FileInputStream in = new FileInputStream(STATUS.toFile())) {
            for (int r; n < text.length && (r = in.read(text, n, text.length - n)) > 0; ) {
                n += r;
            }
        } catch (IOException | SecurityException e) {
            return OptionalDouble.empty();
        }
        int at = indexOf(text, n, key.getBytes(StandardCharsets.US_ASCII));
        if (at < 0) {
            return OptionalDouble.empty();
        }
        // "VmRSS:\t  204800 kB": the digits after the key, then the unit
        int i = at + key.length();
        while (i < n && (text[i] == ' ' || text[i] == '\t')) {
            i++;
        }
        long kib = 0;
        int digits = i;
        while (i < n && text[i] >= '0' && text[i] <= '9') {
            kib = kib * 10 + (text[i++] - '0');
        }
        boolean unit = i + 3 <= n && text[i] == ' ' && text[i + 1] == 'k' && text[i + 2] == 'B';
        return i > digits && unit ? OptionalDouble.of(kib / 1024.0) : OptionalDouble.empty();
    }

    /** Where {@code key} starts a line of the first {@code n} bytes of {@code text}; −1 if it starts none. */
    static int indexOf(byte[] text, int n, byte[] key) {
        outer:
        for (int i = 0; i + key.length <= n; i++) {
            if (i > 0 && text[i - 1] != '\n') {
                continue;
            }
            for (int j = 0; j < key.length; j++) {
                if (text[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
