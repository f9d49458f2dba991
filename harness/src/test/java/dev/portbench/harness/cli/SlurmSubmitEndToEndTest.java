package dev.portbench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.harness.slurm.LocalSlurm;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code portbench slurm submit} against a real Slurm (Debian's slurmctld, slurmd and munge, started here by
 * {@link LocalSlurm}): an array of two shards of a two-cell plan, then the merge job after them, which merges,
 * gates, indexes and reports. Each shard ran its own cell (run --shard deals them out by name), and the merged night
 * holds the single-host plan's cells, each once, all OK, with their drift. Skipped with the
 * reason where Slurm cannot start; PORTBENCH_REQUIRE_SLURM=1 (scripts/test, CI) makes that a failure instead.
 */
class SlurmSubmitEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void twoShardsAndTheirMergeRunAsSlurmJobs() throws Exception {
        Optional<String> unavailable = LocalSlurm.unavailable();
        if (unavailable.isPresent() && "1".equals(System.getenv("PORTBENCH_REQUIRE_SLURM"))) {
            fail("PORTBENCH_REQUIRE_SLURM=1, but Slurm cannot start here: " + unavailable.get());
        }
        assumeTrue(unavailable.isEmpty(), () -> "Slurm cannot start here: " + unavailable.orElse(""));
        Path suite = TinySuites.onePrefillCellPerBackend(tmp.resolve("s.yaml"), "slurm-test");
        Path runsRoot = tmp.resolve("runs");
        Instant start = Instant.now();
        try (LocalSlurm slurm = LocalSlurm.start(tmp.resolve("slurm"))) {
            Instant up = Instant.now();
            CliRunner r = CliRunner.run("slurm", "submit", "--runs-root", runsRoot.toString(), "--partition",
                    LocalSlurm.PARTITION, "--shards", "2", "--suite", suite.toString(), "--fleet", "lab",
                    "--date", "2026-12-06", "--launcher", launcher().toString(), "--slurm-conf",
                    slurm.conf().toString(), "--", "--backends", "reference-fp32,onnxruntime-cpu");
            assertEquals(0, r.exitCode(), r.out() + r.err());
            Path staging = runsRoot.resolve(".slurm/lab/2026-12-06");
            JsonNode submitted = new ObjectMapper().readTree(staging.resolve("submitted.json").toFile());
            String shards = submitted.get("shards_job").asText();
            String merge = submitted.get("merge_job").asText();
            assertTrue(r.out().contains("submitted the shards as job " + shards + " (array 0-1%2), the merge as job "
                    + merge + " (afterany:" + shards + ")"), r.out());

            List<String> mergeState = slurm.awaitEnd(merge, Duration.ofMinutes(5));
            List<String> shardStates = slurm.awaitEnd(shards, Duration.ofSeconds(10));
            String logs = logs(staging);
            assertEquals(List.of("COMPLETED 0:0", "COMPLETED 0:0"), shardStates, logs);
            assertEquals(List.of("COMPLETED 0:0"), mergeState, logs);
            System.out.printf("slurm end to end: daemons up in %d s, submit to merged, gated and reported in %d s%n",
                    Duration.between(start, up).toSeconds(), Duration.between(up, Instant.now()).toSeconds());

            Path night = runsRoot.resolve("lab/2026-12-06");
            Set<String> merged = cells(night);
            // the single-host run of this plan: one dense-tiny prefill cell per backend, each OK once
            assertEquals(Set.of("dense-tiny/prefill/fp32/onnxruntime-cpu/OK", "dense-tiny/prefill/fp32/reference-fp32/OK"),
                    merged, logs);
            List<ResultRow> rows = ResultsCsvReader.read(night.resolve("results.csv"));
            assertEquals(2, rows.size());
            // one host class, whichever node each shard ran on: the fleet
            assertEquals(List.of("lab", "lab"), rows.stream().map(row -> row.text(Column.HOST)).toList());
            // cell names sorted (dense-tiny/prefill/fp32/onnxruntime-cpu before .../reference-fp32), dealt out in turn
            assertEquals(Set.of("dense-tiny/prefill/fp32/onnxruntime-cpu/OK"), cells(staging.resolve("shard-0")));
            assertEquals(Set.of("dense-tiny/prefill/fp32/reference-fp32/OK"), cells(staging.resolve("shard-1")));
            assertTrue(Files.readString(staging.resolve("shard-1/run.json")).contains("\"shard\" : \"1/2\""));
            assertTrue(ResultsCsvReader.read(night.resolve("results.csv")).stream()
                    .allMatch(row -> row.decimal(Column.REL_L2).isPresent()), "drift came along");
            // a shard resumes as itself only: another --shard would run other cells into it
            CliRunner other = CliRunner.run("run", "--resume", staging.resolve("shard-0").toString(), "--shard", "1/2");
            assertEquals(ExitCode.USAGE, other.exitCode());
            assertTrue(other.err().contains("--shard"), other.err());
            for (String file : List.of("report.html", "history-gate.md")) {
                assertTrue(Files.size(night.resolve(file)) > 0, file + "\n" + logs);
            }
            assertTrue(Files.exists(runsRoot.resolve("history.csv")), logs);
            assertTrue(Files.isDirectory(night.resolve("sources")), "each shard's env.json and run.json are kept");
        }
    }

    private static Set<String> cells(Path run) throws IOException {
        Set<String> out = new TreeSet<>();
        for (ResultRow row : ResultsCsvReader.read(run.resolve("results.csv"))) {
            out.add(String.join("/", row.text(Column.SCENARIO), row.text(Column.WORKLOAD), row.text(Column.DTYPE),
                    row.text(Column.BACKEND), row.status().name()));
        }
        return out;
    }

    /** What the jobs run as portbench: this JVM's java and class path, with the test run's system properties. */
    private Path launcher() throws IOException {
        List<String> words = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules=jdk.incubator.vector", "-Dai.djl.offline=true"));
        for (String property : List.of("portbench.runtimes.dir", "portbench.peak.gemm.size",
                "portbench.peak.stream.mb")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                words.add("-D" + property + "=" + value);
            }
        }
        words.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        StringBuilder script = new StringBuilder("#!/usr/bin/env bash\nexec");
        for (String w : words) {
            script.append(" '").append(w.replace("'", "'\\''")).append('\'');
        }
        script.append(" \"$@\"\n");
        Path file = Files.writeString(tmp.resolve("portbench"), script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static String logs(Path staging) throws IOException {
        StringBuilder b = new StringBuilder();
        if (Files.isDirectory(staging)) {
            try (var files = Files.list(staging)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                    b.append("\n--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
                }
            }
        }
        return b.toString();
    }
}
