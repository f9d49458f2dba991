package dev.portbench.harness.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portbench.harness.plan.RunPlan;
import dev.portbench.harness.run.RunIdentity;
import dev.portbench.results.TextFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * run.json: what a run was asked to measure, written before its first cell, so {@code run --resume DIR} rebuilds the
 * very same plan (same cells, same order, same names) and continues under the same run_id. Files that define the plan
 * (a suite file, scenario files) are recorded with their absolute path and SHA-256, so a file edited since is noticed.
 * Options not given are null; {@code backends} is the list the run resolved (the suite's or every backend found when
 * {@code --backends} was not given), so a backend added to the build later does not change a resumed plan.
 * {@code plan_sha256} hashes what the plan measures ({@link PlanFingerprint}), so a built-in scenario or suite that a
 * portbench update changed is noticed too; a run.json without it (an older portbench's) is resumed unchecked.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record RunManifest(int format, String runId, String host, String startedUtc, long orderSeed, String suite,
                   String suiteSha256, List<FileHash> scenarioFiles, List<String> scenarios, List<String> workloads,
                   List<String> dtypes, List<String> backends, List<String> options, Long warmupMaxMs,
                   Integer iterations, Long timeMs, Integer forks, Integer maxForks, Long cellTimeoutMs,
                   String checkpoint,
                   Integer layers, String shard, Map<String, String> planSha256) {
    /**
     * 2 added plan_sha256; a format-1 run.json (an older portbench's) is still read, its plan unchecked. 3 added
     * max_forks: a run.json of format 1 or 2 predates further forks, so its run is resumed with exactly its forks.
     */
    static final int FORMAT = 3;
    /** The first format whose runs may have had further forks ({@code jmh.max_forks}). */
    static final int FURTHER_FORKS_FORMAT = 3;
    static final int OLDEST_FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** A file that defines the plan, and its content's hash when the run started. */
    record FileHash(String path, String sha256) {
    }

    /**
     * @param suiteFile the suite file when the suite is one (else the built-in suite's name is recorded)
     * @param backends  the backends the plan resolved
     */
    static RunManifest of(RunIdentity run, long orderSeed, PlanOptions o, Path suiteFile, List<String> backends,
                          RunPlan plan) throws IOException {
        List<FileHash> scenarioFiles = new ArrayList<>();
        for (Path f : o.scenarioFiles()) {
            scenarioFiles.add(new FileHash(absolute(f).toString(), sha256(f)));
        }
        return new RunManifest(FORMAT, run.runId(), run.host(), run.started().toString(), orderSeed,
                suiteFile != null ? absolute(suiteFile).toString() : o.suiteOrDefault(),
                suiteFile != null ? sha256(suiteFile) : null, scenarioFiles, o.scenarios(), o.workloads(),
                o.dtypes(), List.copyOf(backends), o.options(),
                o.warmupMax() == null ? null : o.warmupMax().toMillis(), o.iterations(),
                o.time() == null ? null : o.time().toMillis(), o.forks(), o.maxForks(),
                o.cellTimeout() == null ? null : o.cellTimeout().toMillis(),
                o.checkpoint() == null ? null : absolute(o.checkpoint()).toString(), o.layers(), o.shard(),
                PlanFingerprint.of(plan));
    }

    /** The options this manifest recorded, as a fresh run would have been given them. */
    PlanOptions planOptions() {
        return new PlanOptions(suite, scenarioFiles.stream().map(f -> Path.of(f.path())).toList(), scenarios,
                workloads, dtypes, backends, options, warmupMaxMs == null ? null : Duration.ofMillis(warmupMaxMs),
                iterations,
                timeMs == null ? null : Duration.ofMillis(timeMs), forks,
                format < FURTHER_FORKS_FORMAT ? Integer.valueOf(PlanOptions.AS_FORKS) : maxForks,
                cellTimeoutMs == null ? null : Duration.ofMillis(cellTimeoutMs),
                checkpoint == null ? null : Path.of(checkpoint), layers, shard);
    }

    boolean suiteIsFile() {
        return suiteSha256 != null;
    }

    RunIdentity identity() {
        return new RunIdentity(runId, host, Instant.parse(startedUtc));
    }

    void write(Path file) throws IOException {
        TextFiles.writeAtomically(file, JSON.writeValueAsString(this) + "\n"); // forced: a resume needs it after a crash
    }

    /**
     * Reads a run's manifest.
     *
     * @throws UsageException when there is none, or it is not one portbench wrote
     */
    static RunManifest read(Path file) throws IOException {
        RunManifest m;
        try {
            m = JSON.readValue(Files.readString(file), RunManifest.class);
        } catch (NoSuchFileException e) {
            throw new UsageException(file.getParent() + " has no run.json; expected a run directory started by"
                    + " 'portbench run' of this version (run.json records the plan --resume continues)");
        } catch (JsonProcessingException e) {
            throw new UsageException(file + " is not a run.json portbench wrote: " + e.getOriginalMessage()
                    + "; expected the file as written at the run's start");
        }
        if (m.format() < OLDEST_FORMAT || m.format() > FORMAT || m.runId() == null || m.suite() == null
                || m.backends() == null || m.startedUtc() == null || m.scenarioFiles() == null || m.options() == null) {
            throw new UsageException(file + ": format " + m.format() + (m.runId() == null ? ", no run_id" : "")
                    + (m.suite() == null ? ", no suite" : "") + (m.backends() == null ? ", no backends" : "")
                    + (m.startedUtc() == null ? ", no started_utc" : "")
                    + (m.scenarioFiles() == null ? ", no scenario_files" : "")
                    + (m.options() == null ? ", no options" : "") + "; expected format " + OLDEST_FORMAT + " to "
                    + FORMAT + " with run_id, started_utc, suite, backends, scenario_files and options");
        }
        try {
            Instant.parse(m.startedUtc());
        } catch (DateTimeParseException e) {
            throw new UsageException(file + ": started_utc '" + m.startedUtc() + "'; expected an ISO-8601 instant");
        }
        return m;
    }

    static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    /** SHA-256 in lower-case hex. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
