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
import java.util.function.Function;

/**
 * Asks Huawei's {@code npu-smi} tool, as a separate process, which NPUs the host has. Nothing here loads native code,
 * so a host without the Ascend driver costs one PATH lookup. A missing tool, a failing one and a hung one (killed at
 * the timeout, with its children) each come back as a reason rather than an exception.
 */
public final class NpuSmiProbe {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int LAST_LINES = 3;

    private final Path executable;
    private final String missing;
    private final Duration timeout;

    /** What a call gave: the parsed value, or the reason there is none. */
    public record Outcome<T>(T value, String reason) {
        static <T> Outcome<T> failed(String reason) {
            return new Outcome<>(null, reason);
        }

        public boolean ok() {
            return value != null;
        }
    }

    private NpuSmiProbe(Path executable, String missing, Duration timeout) {
        this.executable = executable;
        this.missing = missing;
        this.timeout = timeout;
    }

    /** {@code npu-smi} as this process's PATH finds it. */
    public static NpuSmiProbe onPath() {
        return onPath(System.getenv("PATH"), TIMEOUT);
    }

    /** {@code npu-smi} as {@code pathVariable} (directories apart by the path separator) finds it. */
    public static NpuSmiProbe onPath(String pathVariable, Duration timeout) {
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                Path candidate = dir.isEmpty() ? null : Path.of(dir, "npu-smi");
                if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new NpuSmiProbe(candidate, null, timeout);
                }
            }
        }
        return new NpuSmiProbe(null, "npu-smi not found on PATH", timeout);
    }

    public boolean found() {
        return executable != null;
    }

    public Path executable() {
        return executable;
    }

    /** {@code npu-smi info}: the chips and their readings. */
    public Outcome<NpuSmiInfo> info() {
        return parsed(NpuSmiInfo::parse, "info");
    }

    /** {@code npu-smi info -m}: which device id each NPU id / chip id is. */
    public Outcome<NpuSmiMapping> mapping() {
        return parsed(NpuSmiMapping::parse, "info", "-m");
    }

    private <T> Outcome<T> parsed(Function<String, T> parser, String... args) {
        Outcome<String> out = run(args);
        if (!out.ok()) {
            return Outcome.failed(out.reason());
        }
        try {
            return new Outcome<>(parser.apply(out.value()), null);
        } catch (NpuSmiFormatException e) {
            return Outcome.failed("npu-smi printed what portbench cannot read: " + e.getMessage());
        }
    }

    /** Runs npu-smi with {@code args}; its stdout and stderr together, or why there is none. */
    Outcome<String> run(String... args) {
        if (executable == null) {
            return Outcome.failed(missing);
        }
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            return Outcome.failed("npu-smi could not be started: " + e.getMessage());
        }
        // Read on another thread: a tool that fills the pipe and waits would otherwise never exit.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException e) {
                // The process was killed or closed its output; what was read is kept.
            }
        }, "npu-smi-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                return Outcome.failed("npu-smi did not answer within " + seconds(timeout) + " s");
            }
            reader.join(1000);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted while waiting for npu-smi");
        }
        String text = output.toString(StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            return Outcome.failed("npu-smi exited " + process.exitValue() + ": " + lastLines(text));
        }
        return new Outcome<>(text, null);
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
