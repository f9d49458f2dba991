package dev.portbench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * run.json, complete.json and what {@code run --resume} refuses, on one real two-cell run (a good cell and a
 * {@code test-flaky} one that fails until a file exists); each test resumes a copy of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private Path suite;
    private Path okFile;
    private Path base;
    private CliRunner first;

    @BeforeAll
    void runTwoCells() throws IOException {
        suite = tmp.resolve("resume-test.yaml");
        TinySuites.onePrefillCellPerBackend(suite, "resume-test");
        okFile = tmp.resolve("flaky-ok");
        base = tmp.resolve("base");
        first = CliRunner.run("run", "--suite", suite.toString(), "--backends", "reference-fp32,test-flaky",
                "-O", "test-flaky.ok_file=" + okFile, "--order-seed", "42", "--out", base.toString());
    }

    @Test
    void runJsonRecordsThePlanAndCompleteJsonTheTotals() throws IOException {
        assertEquals(ExitCode.CELLS_FAILED, first.exitCode(), first.out() + first.err());
        assertTrue(first.out().contains("2 cells (order seed 42)"), first.out());
        List<ResultRow> rows = ResultsCsvReader.read(base.resolve("results.csv"));
        assertEquals(2, rows.size());
        JsonNode run = JSON.readTree(base.resolve("run.json").toFile());
        assertEquals(rows.get(0).text(Column.RUN_ID), run.get("run_id").asText());
        assertEquals(42, run.get("order_seed").asLong());
        assertEquals(suite.toAbsolutePath().normalize().toString(), run.get("suite").asText());
        assertEquals(RunManifest.sha256(suite), run.get("suite_sha256").asText());
        assertEquals("[\"reference-fp32\",\"test-flaky\"]", run.get("backends").toString());
        assertEquals("[\"test-flaky.ok_file=" + okFile + "\"]", run.get("options").toString());
        assertTrue(run.get("workloads").isNull(), "not given");
        List<String> parts = new java.util.ArrayList<>();
        run.get("plan_sha256").fieldNames().forEachRemaining(parts::add);
        assertEquals(List.of("scenario " + rows.get(0).text(Column.SCENARIO), "cells", "settings"), parts);
        run.get("plan_sha256").forEach(h -> assertTrue(h.asText().matches("[0-9a-f]{64}"), h.toString()));

        JsonNode complete = JSON.readTree(base.resolve("complete.json").toFile());
        assertEquals(run.get("run_id").asText(), complete.get("run_id").asText());
        assertEquals(run.get("started_utc").asText(), complete.get("started_utc").asText());
        assertEquals(2, complete.get("cells").asInt());
        assertEquals(2, complete.get("rows").asInt());
        assertEquals(1, complete.get("rows_by_status").get("OK").asInt());
        assertEquals(1, complete.get("rows_by_status").get("FAILED").asInt());
        assertEquals(0, complete.get("rows_by_status").get("TIMEOUT").asInt());
        assertTrue(complete.get("finished_utc").asText().compareTo(complete.get("started_utc").asText()) >= 0);
    }

    @Test
    void resumingACompleteRunIsAUsageErrorPointingAtTheMarker() throws IOException {
        Path dir = copyOfBase("complete");
        byte[] results = Files.readAllBytes(dir.resolve("results.csv"));
        CliRunner r = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("already complete") && r.err().contains(dir.resolve("complete.json").toString())
                && r.err().contains("--retry-failed"), r.err());
        assertArrayEquals(results, Files.readAllBytes(dir.resolve("results.csv")));
    }

    /** Killed after its last row, before complete.json: the resume finishes it, exiting as the run would have. */
    @Test
    void aRunWithEveryRowButNoMarkerIsFinishedWithTheExitCodeOfItsRows() throws IOException {
        Path dir = copyOfBase("no-marker");
        JsonNode marker = JSON.readTree(dir.resolve("complete.json").toFile());
        Files.delete(dir.resolve("complete.json"));
        byte[] results = Files.readAllBytes(dir.resolve("results.csv"));
        CliRunner r = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.CELLS_FAILED, r.exitCode(), "its test-flaky row is FAILED: " + r.out() + r.err());
        assertTrue(r.out().contains("every one of its 2 cells has rows; only complete.json was missing"), r.out());
        JsonNode complete = JSON.readTree(dir.resolve("complete.json").toFile());
        assertEquals(marker.get("run_id"), complete.get("run_id"));
        assertEquals(marker.get("started_utc"), complete.get("started_utc"));
        assertEquals(2, complete.get("cells").asInt());
        assertEquals(2, complete.get("rows").asInt());
        assertEquals(marker.get("rows_by_status"), complete.get("rows_by_status"));
        assertArrayEquals(results, Files.readAllBytes(dir.resolve("results.csv")));
        assertFalse(Files.exists(dir.resolve("env-resume-1.json")), "no session ran a cell");
        CliRunner again = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.USAGE, again.exitCode(), "complete now: " + again.out() + again.err());
        assertTrue(again.err().contains("already complete"), again.err());
    }

    /** As above, for a run whose every row is OK with its drift: exit 0, as a Slurm shard that completed ends. */
    @Test
    void aRunOfGoodRowsWithoutItsMarkerIsFinishedWithZero() throws IOException {
        Path dir = copyOfBase("no-marker-ok");
        Files.writeString(okFile, "now the flaky backend works");
        try {
            assertEquals(ExitCode.OK, CliRunner.run("run", "--resume", dir.toString(), "--retry-failed").exitCode());
        } finally {
            Files.delete(okFile);
        }
        Files.delete(dir.resolve("complete.json"));
        CliRunner r = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        JsonNode complete = JSON.readTree(dir.resolve("complete.json").toFile());
        assertEquals(2, complete.get("rows_by_status").get("OK").asInt());
        assertEquals(0, complete.get("rows_by_status").get("FAILED").asInt());
    }

    @Test
    void anOptionThatDiffersFromRunJsonIsAUsageErrorNamingItAndBothValues() throws IOException {
        Path dir = copyOfBase("changed-option");
        byte[] results = Files.readAllBytes(dir.resolve("results.csv"));
        CliRunner workloads = CliRunner.run("run", "--resume", dir.toString(), "--retry-failed",
                "--workloads", "decode");
        assertEquals(ExitCode.USAGE, workloads.exitCode(), workloads.out() + workloads.err());
        assertTrue(workloads.err().contains("--workloads decode differs from the run being resumed")
                && workloads.err().contains("records none (not given)"), workloads.err());

        CliRunner maxForks = CliRunner.run("run", "--resume", dir.toString(), "--max-forks", "5");
        assertEquals(ExitCode.USAGE, maxForks.exitCode(), maxForks.out() + maxForks.err());
        assertTrue(maxForks.err().contains("--max-forks 5 differs from the run being resumed")
                && maxForks.err().contains("records none (not given)"), maxForks.err());

        CliRunner seed = CliRunner.run("run", "--resume", dir.toString(), "--order-seed", "43");
        assertEquals(ExitCode.USAGE, seed.exitCode());
        assertTrue(seed.err().contains("--order-seed 43 differs") && seed.err().contains("records 42"), seed.err());

        CliRunner backends = CliRunner.run("run", "--resume", dir.toString(), "--backends", "reference-fp32");
        assertEquals(ExitCode.USAGE, backends.exitCode());
        assertTrue(backends.err().contains("--backends reference-fp32 differs")
                && backends.err().contains("records reference-fp32,test-flaky"), backends.err());

        CliRunner same = CliRunner.run("run", "--resume", dir.toString(), "--order-seed", "42",
                "--backends", "reference-fp32,test-flaky");
        assertTrue(same.err().contains("already complete"), "recorded values are accepted: " + same.err());

        CliRunner out = CliRunner.run("run", "--resume", dir.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(ExitCode.USAGE, out.exitCode());
        assertTrue(out.err().contains("--resume " + dir + " and --out"), out.err());
        assertArrayEquals(results, Files.readAllBytes(dir.resolve("results.csv")));
    }

    @Test
    void aSuiteFileChangedSinceTheRunStartedIsAUsageErrorNamingIt() throws IOException {
        Path dir = copyOfBase("changed-suite");
        String original = Files.readString(suite);
        try {
            Files.writeString(suite, original.replace("iterations: 1", "iterations: 2"));
            CliRunner r = CliRunner.run("run", "--resume", dir.toString(), "--retry-failed");
            assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
            assertTrue(r.err().contains("suite file " + suite.toAbsolutePath().normalize() + " changed since the run"
                    + " started"), r.err());
        } finally {
            Files.writeString(suite, original);
        }
        assertEquals(2, ResultsCsvReader.read(dir.resolve("results.csv")).size());
    }

    /**
     * A portbench update that changed a built-in scenario rebuilds another plan from the same options: the hashes in
     * run.json notice it (here the recorded hash stands for the scenario as the older portbench defined it).
     */
    @Test
    void aPlanThatChangedUnderItsRecordedOptionsIsAUsageErrorNamingWhat() throws IOException {
        Path dir = copyOfBase("changed-plan");
        Path manifest = dir.resolve("run.json");
        String text = Files.readString(manifest);
        String scenario = ResultsCsvReader.read(dir.resolve("results.csv")).get(0).text(Column.SCENARIO);
        String edited = text.replaceFirst("(\"scenario " + scenario + "\" *: *\")[0-9a-f]{64}",
                "$1" + "0".repeat(64));
        assertNotEquals(text, edited);
        Files.writeString(manifest, edited);
        byte[] results = Files.readAllBytes(dir.resolve("results.csv"));
        CliRunner r = CliRunner.run("run", "--resume", dir.toString(), "--retry-failed");
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
        assertEquals("portbench: " + manifest + ": the plan rebuilt from it differs from the one the run started with"
                + " in scenario " + scenario + "'s definition (portbench's built-in scenarios or suites changed"
                + " since?); expected the same plan: resume with the portbench that started the run, or start a new"
                + " one\n", r.err());
        assertArrayEquals(results, Files.readAllBytes(dir.resolve("results.csv")));
    }

    /**
     * A run.json of format 1 (before plan_sha256) is read, its plan unchecked; format 2 (before further forks) resumes
     * with exactly its forks; a format from the future is refused.
     */
    @Test
    void anOlderRunJsonIsReadAndANewerOneRefused() throws IOException {
        Path dir = copyOfBase("format-1");
        Path manifest = dir.resolve("run.json");
        String text = Files.readString(manifest);
        String old = text.replaceFirst("\"format\" *: *3", "\"format\" : 1")
                .replaceFirst(",\\s*\"plan_sha256\" *: *\\{[^}]*}", "");
        assertNotEquals(text, old);
        assertFalse(old.contains("plan_sha256"), old);
        Files.writeString(manifest, old);
        CliRunner r = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("is already complete"), "read, planned, found complete: " + r.err());
        Files.writeString(manifest, text.replaceFirst("\"format\" *: *3", "\"format\" : 4"));
        CliRunner newer = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.USAGE, newer.exitCode());
        assertTrue(newer.err().contains(": format 4; expected format 1 to 3"), newer.err());

        // format 2 predates further forks: its run resumes with exactly its forks, whatever its suite now allows
        Files.writeString(manifest, text.replaceFirst("\"format\" *: *3", "\"format\" : 2"));
        assertEquals(PlanOptions.AS_FORKS, RunManifest.read(manifest).planOptions().maxForks());
        CliRunner asForks = CliRunner.run("run", "--resume", dir.toString(), "--max-forks", "0");
        assertTrue(asForks.err().contains("is already complete"), "0 is what format 2 means: " + asForks.err());
        Files.writeString(manifest, text);
        assertNull(RunManifest.read(manifest).planOptions().maxForks(), "format 3: the suite's own max_forks");
    }

    @Test
    void aRecordedOptionThatMakesNoPlanIsAUsageErrorNamingRunJson() throws IOException {
        Path dir = copyOfBase("edited-run-json");
        Path manifest = dir.resolve("run.json");
        String text = Files.readString(manifest);
        String edited = text.replaceFirst("\"backends\" *: *\\[[^]]*]", "\"backends\": [\"nosuchbackend\"]");
        assertNotEquals(text, edited);
        Files.writeString(manifest, edited);
        Files.deleteIfExists(dir.resolve("complete.json"));
        byte[] results = Files.readAllBytes(dir.resolve("results.csv"));
        CliRunner r = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("portbench: " + manifest + ": the run's recorded options do not make a plan"
                + " here: ") && r.err().contains("nosuchbackend"), r.err());
        assertArrayEquals(results, Files.readAllBytes(dir.resolve("results.csv")));
    }

    @Test
    void aDirectoryWithoutRunJsonIsAUsageError() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("not-a-run"));
        CliRunner r = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains(dir + " has no run.json"), r.err());
        Files.writeString(dir.resolve("run.json"), "{\"format\": 1, \"run_id\": ");
        CliRunner truncated = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.USAGE, truncated.exitCode());
        assertTrue(truncated.err().contains(dir.resolve("run.json") + " is not a run.json portbench wrote"),
                truncated.err());
        Files.writeString(dir.resolve("run.json"), "{\"format\": 1, \"run_id\": \"x\", \"order_seed\": 5}");
        CliRunner partial = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.USAGE, partial.exitCode());
        assertTrue(partial.err().contains("no suite, no backends, no started_utc"), partial.err());
        CliRunner retry = CliRunner.run("run", "--retry-failed");
        assertEquals(ExitCode.USAGE, retry.exitCode());
        assertTrue(retry.err().contains("--retry-failed needs --resume DIR"), retry.err());
    }

    @Test
    void retryFailedRunsTheFailedCellAgainAndLeavesExactlyOneRowForIt() throws IOException {
        Path dir = copyOfBase("retry");
        String runId = ResultsCsvReader.read(dir.resolve("results.csv")).get(0).text(Column.RUN_ID);
        // as if the run had started on another node (a Slurm task's retry lands where it lands)
        Path manifest = dir.resolve("run.json");
        String recordedHost = JSON.readTree(manifest.toFile()).get("host").asText();
        Files.writeString(manifest, Files.readString(manifest).replace("\"host\" : \"" + recordedHost + "\"",
                "\"host\" : \"node-a\""));
        Files.writeString(okFile, "now the flaky backend works");
        CliRunner r;
        try {
            r = CliRunner.run("run", "--resume", dir.toString(), "--retry-failed");
        } finally {
            Files.delete(okFile);
        }
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("1 of 2 cells to run, 1 of them FAILED or TIMEOUT before (1 rows removed)"),
                r.out());
        String here = dev.portbench.harness.run.RunIdentity.hostName();
        assertTrue(r.out().contains("portbench run " + runId + " started on node-a and resumes on " + here
                + ": its rows keep the run's host node-a; env-resume-N.json records this machine"), r.out());
        List<ResultRow> rows = ResultsCsvReader.read(dir.resolve("results.csv"));
        assertEquals(2, rows.size());
        assertEquals(List.of("reference-fp32", "test-flaky"),
                rows.stream().map(x -> x.text(Column.BACKEND)).sorted().toList());
        for (ResultRow row : rows) {
            assertEquals(CellStatus.OK, row.status(), row.text(Column.REASON));
            assertEquals(runId, row.text(Column.RUN_ID));
        }
        for (ResultRow row : rows) { // the first session's row, and the resumed one's under the run's host
            assertEquals(row.text(Column.BACKEND).equals("test-flaky") ? "node-a" : here, row.text(Column.HOST));
        }
        assertTrue(Files.exists(dir.resolve("env.json")) && Files.exists(dir.resolve("env-resume-1.json")));
        JsonNode complete = JSON.readTree(dir.resolve("complete.json").toFile());
        assertEquals(2, complete.get("rows_by_status").get("OK").asInt());
        assertEquals(0, complete.get("rows_by_status").get("FAILED").asInt());
        assertEquals(runId, complete.get("run_id").asText());
    }

    private Path copyOfBase(String name) throws IOException {
        Path copy = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(base)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(base.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        assertFalse(Files.exists(okFile), "the flaky backend fails until a test creates its file");
        return copy;
    }
}
