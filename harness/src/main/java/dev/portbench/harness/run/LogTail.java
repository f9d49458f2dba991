package dev.portbench.harness.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The last non-blank lines of a log, for a FAILED row's reason. */
final class LogTail {
    private static final int MAX_CHARS = 600;

    private LogTail() {
    }

    static String lastLines(Path log, int n) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> kept = new ArrayList<>();
        // decode leniently: a crashing native library may leave bytes that are not UTF-8
        for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isBlank()) {
                kept.add(line.strip());
            }
        }
        if (kept.isEmpty()) {
            return "(no output)";
        }
        String tail = String.join(" | ", kept.subList(Math.max(0, kept.size() - n), kept.size()));
        return tail.length() <= MAX_CHARS ? tail : "…" + tail.substring(tail.length() - MAX_CHARS);
    }
}
