package dev.portbench.harness.env;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A vendor's command-line tool ({@code npu-smi}, {@code nvidia-smi}) run as a separate process. Nothing here loads
 * native code, so a host without the driver costs one PATH lookup. A missing tool, a failing one and a hung one (killed
 * at the timeout, with its children) each come back as a reason rather than an exception.
 */
public final class ExternalTool {
    private static final int LAST_LINES = 3;

    private final String name;
    private final Path executable;
    private final Duration timeout;

    /** What a call gave: the value, or the reason there is none. */
    public record Outcome<T>(T value, String reason) {
        public static <T> Outcome<T> failed(String reason) {
            return new Outcome<>(null, reason);
        }

        public boolean ok() {
            return value != null;
        }
    }

    private ExternalTool(String name, Path executable, Duration timeout) {
        this.name = name;
        this.executable = executable;
        this.timeout = timeout;
    }

    /** The tool {@code name} as {@code pathVariable} (directories apart by the path separator) finds it. */
    public static ExternalTool onPath(String name, String pathVariable, Duration timeout) {
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                Path candidate = dir.isEmpty() ? null : Path.of(dir, name);
                if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new ExternalTool(name, candidate, timeout);
                }
            }
        }
        return new ExternalTool(name, null, timeout);
    }

    public String name() {
        return name;
    }

    public boolean found() {
        return executable != null;
    }

    public Path executable() {
        return executable;
    }

    /**
     * Runs the tool with {@code args}: its standard output, or why there is none (the last lines of what it printed
     * on either stream). A warning a tool prints on stderr while it succeeds is no part of its answer.
     */
    public Outcome<String> run(String... args) {
        if (executable == null) {
            return Outcome.failed(name + " not found on PATH");
        }
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            return Outcome.failed(name + " could not be started: " + e.getMessage());
        }
        // Read on threads of their own: a tool that fills a pipe and waits would otherwise never exit.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        Thread outReader = drain(process.getInputStream(), output, name + "-output");
        Thread errReader = drain(process.getErrorStream(), errors, name + "-errors");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                return Outcome.failed(name + " did not answer within " + seconds(timeout) + " s");
            }
            outReader.join(1000);
            errReader.join(1000);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted while waiting for " + name);
        }
        String text = output.toString(StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            return Outcome.failed(name + " exited " + process.exitValue() + ": " + lastLines(text + "\n"
                    + errors.toString(StandardCharsets.UTF_8)));
        }
        return new Outcome<>(text, null);
    }

    private static Thread drain(java.io.InputStream in, ByteArrayOutputStream into, String threadName) {
        Thread reader = new Thread(() -> {
            try {
                in.transferTo(into);
            } catch (IOException e) {
                // The process was killed or closed the stream; what was read is kept.
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** Kills the children first: once the tool is gone they are no longer its descendants. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    static String lastLines(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "(no output)"
                : String.join(" / ", lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size()));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds())
                : String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }
}
