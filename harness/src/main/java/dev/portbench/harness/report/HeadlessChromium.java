package dev.portbench.harness.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A headless Chromium that loads a page, lets its scripts run and returns the DOM as they left it
 * ({@code --dump-dom}). Each load gets a new empty profile directory, deleted afterwards, and every background
 * service is off, so nothing is fetched and nothing is left behind. Found as {@code $PORTBENCH_CHROMIUM}, else as
 * chromium, chromium-browser, google-chrome or google-chrome-stable on the PATH.
 */
public final class HeadlessChromium {

    /** Names the browser explicitly, e.g. {@code /usr/bin/chromium}. */
    public static final String ENV = "PORTBENCH_CHROMIUM";
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    public static Optional<HeadlessChromium> find() {
        return find(System.getenv());
    }

    static Optional<HeadlessChromium> find(Map<String, String> env) {
        String named = env.get(ENV);
        if (named != null && !named.isBlank()) {
            Path path = Path.of(named);
            return Files.isExecutable(path) ? Optional.of(new HeadlessChromium(path)) : Optional.empty();
        }
        String pathVariable = env.getOrDefault("PATH", "");
        for (String name : NAMES) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** What {@link #find()} looks for, for messages when it finds nothing. */
    public static String searched() {
        return "$" + ENV + ", or " + String.join(", ", NAMES) + " on the PATH (Debian: apt-get install chromium)";
    }

    public Path executable() {
        return executable;
    }

    /**
     * Loads {@code page} and returns its DOM after the load event and up to 5 s of (virtual) script time.
     *
     * @throws IOException when the browser cannot be started, exits with an error, or exceeds {@code timeout}
     */
    public String dumpDom(Path page, Duration timeout) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("portbench-chromium-");
        Path stdout = profile.resolveSibling(profile.getFileName() + ".dom");
        Path stderr = profile.resolveSibling(profile.getFileName() + ".log");
        try {
            List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                    "--virtual-time-budget=5000", "--dump-dom", page.toAbsolutePath().toUri().toString()));
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException(executable + " did not finish loading " + page + " within " + timeout);
            }
            String dom = Files.readString(stdout, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || dom.isBlank()) {
                throw new IOException(executable + " exited with " + process.exitValue() + " and "
                        + (dom.isBlank() ? "no DOM" : "a DOM") + " for " + page + "; its last output: "
                        + tail(Files.readString(stderr, StandardCharsets.UTF_8)));
            }
            return dom;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            deleteTree(profile);
        }
    }

    private static String tail(String log) {
        String trimmed = log.strip();
        return trimmed.length() <= 600 ? trimmed : "..." + trimmed.substring(trimmed.length() - 600);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
