package dev.portbench.harness.run;

import dev.portbench.harness.worker.ProbeResult;
import dev.portbench.harness.worker.ProbeWorker;
import dev.portbench.results.CellStatus;
import dev.portbench.results.OptionsCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes backends in JVMs of their own, each with the backend's runtime and environment ({@link CellLaunchers}), and
 * remembers the answers for the rest of the run: the launcher never loads an accelerator's native code, and a probe
 * that crashes (a driver fault) or hangs is a FAILED answer with the reason, not a dead run.
 */
public final class BackendProbes {
    /** A probe's time limit in milliseconds; a diagnostic knob, used by the tests to make a probe time out. */
    public static final String TIMEOUT_PROPERTY = "portbench.probe.timeout.ms";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** Probes run at once by {@link #describe}. */
    static final int PARALLEL = 3;

    private final CellLaunchers launchers;
    private final Path dir;
    private final Duration timeout;
    /** Each (backend, options) probed once: later askers, also from other threads, wait for the first answer. */
    private final Map<String, CompletableFuture<ProbeResult>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();

    /** @param dir where each probe's result and log go */
    public BackendProbes(CellLaunchers launchers, Path dir) {
        this.launchers = launchers;
        this.dir = dir;
        Long ms = Long.getLong(TIMEOUT_PROPERTY);
        this.timeout = ms == null ? DEFAULT_TIMEOUT : Duration.ofMillis(ms);
        this.started.set(answersAlreadyIn(dir)); // a resumed run's probes are numbered after the first session's
    }

    private static int answersAlreadyIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".log")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The backend's answer with these options, probed once per run. */
    public ProbeResult probe(String backend, Map<String, String> options) throws IOException, InterruptedException {
        String encoded = OptionsCodec.encode(options);
        CompletableFuture<ProbeResult> mine = new CompletableFuture<>();
        String key = backend + "\u0000" + encoded;
        CompletableFuture<ProbeResult> first = answers.putIfAbsent(key, mine);
        if (first == null) {
            try {
                mine.complete(run(backend, options, encoded, started.incrementAndGet()));
            } catch (InterruptedException e) { // not an answer: whoever asks again probes again
                answers.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return first.get();
        } catch (ExecutionException e) { // the first asker was interrupted: probe afresh
            answers.remove(key, first);
            return probe(backend, options);
        }
    }

    /**
     * One probe JVM. Whatever goes wrong around it (the JVM cannot start, its answer cannot be read) is the backend's
     * FAILED answer with the reason, never an exception that ends the run; only an interruption propagates.
     */
    private ProbeResult run(String backend, Map<String, String> options, String encoded, int n)
            throws InterruptedException {
        CellLaunchers.Launch launch = launchers.forBackend(backend, options);
        if (!launch.ready()) {
            return launch.status() == CellStatus.SKIPPED ? ProbeResult.unavailable(launch.reason())
                    : ProbeResult.failed(launch.reason());
        }
        String name = String.format(java.util.Locale.ROOT, "%02d-%s", n, backend.replaceAll("[^A-Za-z0-9._@-]", "_"));
        Path out = dir.resolve(name + ".json");
        Path log = dir.resolve(name + ".log");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(out);
            WorkerLauncher.Exit exit = launch.launcher().run(ProbeWorker.class.getName(),
                    List.of("--backend", backend, "--options", encoded, "--out", out.toString()), log, timeout);
            if (exit.timedOut()) {
                return ProbeResult.failed(String.format(java.util.Locale.ROOT, "the probe of %s did not answer within"
                        + " %.1f s and was killed (a hung driver or runtime?); see %s", backend,
                        timeout.toMillis() / 1000.0, log));
            }
            if (!Files.exists(out)) {
                return ProbeResult.failed("the probe of " + backend + "'s JVM " + ExitCodes.describe(exit.exitCode())
                        + " without answering; last output: " + LogTail.lastLines(log, 3) + " (log " + log + ")");
            }
            return ProbeWorker.read(out);
        } catch (IOException | RuntimeException e) {
            return ProbeResult.failed("the probe of " + backend + " could not run or be read: " + e
                    + "; expected its answer in " + out + " (log " + log + ")");
        }
    }

    /**
     * Each backend's answer with its options (none given: the defaults), as env.json and {@code portbench list} show
     * it: available with runtime version, device and threads, or why not in the runtime's own words.
     */
    public List<Map<String, Object>> describe(List<String> backends, Map<String, Map<String, String>> options)
            throws IOException, InterruptedException {
        // probes are JVMs that mostly start and wait: a few at a time cut list's and a run's start
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL, backends.size())));
        try {
            List<Future<ProbeResult>> pending = new java.util.ArrayList<>();
            for (String backend : backends) {
                pending.add(pool.submit(() -> probe(backend, options.getOrDefault(backend, Map.of()))));
            }
            List<Map<String, Object>> out = new java.util.ArrayList<>();
            for (int i = 0; i < backends.size(); i++) {
                ProbeResult r;
                try {
                    r = pending.get(i).get();
                } catch (ExecutionException e) {
                    throw new IOException("the probe of " + backends.get(i) + " failed: " + e.getCause().getMessage(),
                            e.getCause());
                }
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("id", backends.get(i));
                m.put("available", r.ok());
                if (r.ok()) {
                    m.put("runtime_version", r.runtimeVersion());
                    m.put("device", r.device());
                    m.put("threads", r.threads());
                    m.put("telemetry_target", r.telemetryTarget());
                } else {
                    m.put("status", r.status());
                    m.put("reason", r.reason());
                }
                out.add(m);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Whether an answer so far names a file of this prober's folder (a probe that crashed, hung or could not be read
     * points at its log there), or a probe was interrupted before answering: the folder is then worth keeping. A
     * probe that answered FAILED in its own words (the backend's probe threw) names nothing there.
     */
    public boolean anyAnswerPointsIntoItsFolder() {
        String folder = dir.toString();
        return answers.values().stream().anyMatch(f -> f.isCompletedExceptionally()
                || (f.isDone() && f.join().reason() != null && f.join().reason().contains(folder)));
    }
}
