package dev.portbench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.harness.run.BackendProbes;
import dev.portbench.harness.testbackends.FaultyProbeProvider;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backends are probed in JVMs of their own: a probe that crashes or hangs (a driver fault) is a FAILED row with the
 * reason, the run goes on, and a backend whose runtime jar is on this machine nowhere is SKIPPED naming the command
 * that fetches it, without a JVM.
 */
class RunProbeTest {

    @TempDir
    Path tmp;

    @Test
    void aProbeThatCrashesOrHangsIsAFailedRowAndTheRunGoesOn() throws IOException {
        Path crash = Files.writeString(FaultyProbeProvider.armed("test-probe-crash"), "armed");
        Path hang = Files.writeString(FaultyProbeProvider.armed("test-probe-hang"), "armed");
        System.setProperty(BackendProbes.TIMEOUT_PROPERTY, "4000");
        Path out = tmp.resolve("run");
        CliRunner r;
        try {
            r = CliRunner.run("run", "--scenarios", "dense-tiny", "--workloads", "prefill",
                    "--backends", "test-probe-crash,reference-fp32,test-probe-hang", "--warmup-max", "0s",
                    "--iterations", "1", "--time", "100ms", "--out", out.toString());
        } finally {
            System.clearProperty(BackendProbes.TIMEOUT_PROPERTY);
            Files.deleteIfExists(crash);
            Files.deleteIfExists(hang);
        }
        assertEquals(ExitCode.CELLS_FAILED, r.exitCode(), r.out() + r.err());
        List<ResultRow> rows = ResultsCsvReader.read(out.resolve("results.csv"));
        assertEquals(3, rows.size());
        for (ResultRow row : rows) {
            String reason = row.text(Column.REASON);
            switch (row.text(Column.BACKEND)) {
                case "reference-fp32" -> assertEquals(CellStatus.OK, row.status(), reason);
                case "test-probe-crash" -> {
                    assertEquals(CellStatus.FAILED, row.status());
                    assertTrue(reason.startsWith("the probe of test-probe-crash's JVM ") && reason.contains("134")
                            && reason.contains("simulating a driver abort in the probe"), reason);
                    // the probes run side by side, so its number is the order it started in
                    Matcher log = Pattern.compile("\\(log (" + Pattern.quote(out.resolve("probes").toString())
                            + "/\\d\\d-test-probe-crash\\.log)\\)$").matcher(reason);
                    assertTrue(log.find() && Files.exists(Path.of(log.group(1))), reason);
                }
                case "test-probe-hang" -> {
                    assertEquals(CellStatus.FAILED, row.status());
                    assertTrue(reason.startsWith("the probe of test-probe-hang did not answer within 4.0 s and was"
                            + " killed"), reason);
                }
                default -> throw new AssertionError(row.text(Column.BACKEND));
            }
        }
        JsonNode env = new ObjectMapper().readTree(out.resolve("env.json").toFile());
        assertEquals(3, env.get("backends").size(), "env.json describes the run's backends from their probes");
        for (JsonNode b : env.get("backends")) {
            boolean fine = b.get("id").asText().equals("reference-fp32");
            assertEquals(fine, b.get("available").asBoolean(), b.toString());
            assertEquals(fine ? null : "FAILED", b.has("status") ? b.get("status").asText() : null, b.toString());
        }
        assertTrue(Files.exists(out.resolve("probes")), "each probe's answer and log are kept with the run");
    }

    @Test
    void aGpuBackendWithoutItsRuntimeJarIsSkippedNamingTheCommandThatFetchesIt() throws IOException {
        // neither place the jar is looked for holds it, whatever this machine's own Maven repository has
        System.setProperty("portbench.runtimes.dir", tmp.resolve("no-runtimes").toString());
        String repo = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", tmp.resolve("empty-repository").toString());
        Path out = tmp.resolve("gpu");
        CliRunner r;
        try {
            r = CliRunner.run("run", "--scenarios", "dense-tiny", "--workloads", "prefill",
                    "--backends", "onnxruntime-cuda,onnxruntime-tensorrt", "--warmup-max", "0s",
                    "--iterations", "1", "--time", "100ms", "--out", out.toString());
        } finally {
            System.clearProperty("portbench.runtimes.dir");
            if (repo == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", repo);
            }
        }
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        List<ResultRow> rows = ResultsCsvReader.read(out.resolve("results.csv"));
        assertEquals(2, rows.size());
        for (ResultRow row : rows) {
            assertEquals(CellStatus.SKIPPED, row.status());
            String backend = row.text(Column.BACKEND);
            assertTrue(row.text(Column.REASON).startsWith(backend + ": no onnxruntime_gpu-")
                    && row.text(Column.REASON).endsWith("add it with: mvn dependency:get"
                    + " -Dartifact=com.microsoft.onnxruntime:onnxruntime_gpu:"
                    + System.getProperty("portbench.test.onnxruntime.version")), row.text(Column.REASON));
        }
        try (var files = Files.walk(out)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().equals("worker.log")
                    && f.getParent().getFileName().toString().contains("onnxruntime-")).toList(),
                    "no cell JVM was started for them (the fp64 oracle's JVM runs, as always)");
        }
    }
}
