package dev.portbench.harness.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The last non-blank lines of a worker's log, for a FAILED row's reason: of its latest start only. A cell's log is
 * appended to by every round and session, so a JVM that died before printing anything would otherwise be quoted
 * with an earlier JVM's last words.
 */
final class LogTail {
    private static final int MAX_CHARS = 600;
    /** Begins the line the launcher writes before each start of a worker JVM. */
    static final String START_MARK = "=== portbench: worker JVM starting";

    private LogTail() {
    }

    static String lastLines(Path log, int n) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> kept = new ArrayList<>();
        // decode leniently: a crashing native library may leave bytes that are not UTF-8
        for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\\R")) {
            if (line.startsWith(START_MARK)) {
                kept.clear();
            } else if (!line.isBlank()) {
                kept.add(line.strip());
            }
        }
        if (kept.isEmpty()) {
            return "(no output)";
        }
        String tail = String.join(" | ", kept.subList(Math.max(0, kept.size() - n), kept.size()));
        return tail.length() <= MAX_CHARS ? tail : "…" + tail.substring(tail.length() - MAX_CHARS);
    }

    /** Marks the start of a worker JVM in its log, with the time. */
    static void markStart(Path log) throws IOException {
        Files.writeString(log, START_MARK + " at " + java.time.Instant.now() + " ===" + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
