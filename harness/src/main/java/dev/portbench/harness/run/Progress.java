package dev.portbench.harness.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** One line per step on the console: {@code [3/6] moe-small × onnxruntime-cpu ... OK (12.4 s)}. */
final class Progress {
    private final PrintWriter out;

    Progress(PrintWriter out) {
        this.out = out;
    }

    void start(String position, String what) {
        out.printf(Locale.ROOT, "[%s] %s ... ", position, what);
        out.flush();
    }

    void end(String status, String detail, Duration elapsed) {
        out.printf(Locale.ROOT, "%s (%.1f s)%s%n", status, elapsed.toMillis() / 1000.0,
                detail == null || detail.isEmpty() ? "" : " " + detail);
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }
}
