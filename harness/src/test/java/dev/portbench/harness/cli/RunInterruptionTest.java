package dev.portbench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.harness.run.CellKey;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real launcher process, interrupted while a cell is in JMH's measurement: {@code kill -9} (no hook can run: the
 * cell JVM and JMH's fork must end themselves) and SIGTERM (the launcher's hook ends them). Neither may leave a process
 * behind, and the killed run continues with {@code run --resume}.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class RunInterruptionTest {
    private static final long START_LIMIT_MS = 180_000;
    private static final long ORPHAN_LIMIT_MS = 15_000;

    @TempDir
    Path tmp;

    @Test
    void aLauncherKilledWithSigkillLeavesNoProcessAndTheRunResumes() throws Exception {
        Path dir = tmp.resolve("run");
        Process launcher = startLauncher(dir, tmp.resolve("launcher.log"));
        List<ProcessHandle> tree = awaitJmhFork(launcher, tmp.resolve("launcher.log"));

        launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertAllEnd(tree, dir);

        String logs;
        try (var files = Files.walk(dir.resolve("cells"))) {
            logs = String.join("\n", files.filter(p -> p.getFileName().toString().equals("worker.log"))
                    .map(p -> { try { return Files.readString(p); } catch (IOException e) { return ""; } }).toList());
        }
        assertTrue(logs.contains("ends itself rather than run on as an orphan"), "the cell JVM's watchdog: " + logs);
        List<ResultRow> before = ResultsCsvReader.read(dir.resolve("results.csv"));
        assertTrue(before.size() < 2, "the run was killed in a cell: " + before.size() + " rows");
        assertFalse(Files.exists(dir.resolve("complete.json")));
        String runId = JSON.readTree(dir.resolve("run.json").toFile()).get("run_id").asText();

        CliRunner resumed = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.OK, resumed.exitCode(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains((2 - before.size()) + " of 2 cells to run"), resumed.out());
        List<ResultRow> rows = ResultsCsvReader.read(dir.resolve("results.csv"));
        assertEquals(Set.of(new CellKey("dense-tiny", "prefill", "fp32", "reference-fp32"),
                new CellKey("dense-tiny", "prefill", "fp32", "onnxruntime-cpu")),
                rows.stream().map(CellKey::of).collect(Collectors.toSet()));
        assertEquals(2, rows.size(), "exactly one row per prefill cell");
        for (ResultRow r : rows) {
            assertEquals(CellStatus.OK, r.status(), r.text(Column.REASON));
            assertEquals(runId, r.text(Column.RUN_ID));
        }
        JsonNode complete = JSON.readTree(dir.resolve("complete.json").toFile());
        assertEquals(runId, complete.get("run_id").asText());
        assertEquals(2, complete.get("cells").asInt());
        assertEquals(2, complete.get("rows").asInt());
        assertEquals(2, complete.get("rows_by_status").get("OK").asInt());
        assertTrue(Files.exists(dir.resolve("env-resume-1.json")));
    }

    @Test
    void aLauncherEndedWithSigtermEndsItsCellTreeAndRecordsNoRowForIt() throws Exception {
        Path dir = tmp.resolve("run");
        Path log = tmp.resolve("launcher.log");
        Process launcher = startLauncher(dir, log);
        List<ProcessHandle> tree = awaitJmhFork(launcher, log);
        int rowsBefore = ResultsCsvReader.read(dir.resolve("results.csv")).size();

        launcher.destroy(); // SIGTERM: the launcher's shutdown hook ends the cell JVM and its fork
        assertAllEnd(tree, dir);
        assertTrue(launcher.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(128 + 15, launcher.exitValue(), "128 + SIGTERM, as documented: " + Files.readString(log));
        assertTrue(JSON.readTree(dir.resolve("env.json").toFile()).has("host_state_end"),
                "the hook waited for the session's last record");
        String out = Files.readString(log);
        assertTrue(out.contains("portbench: interrupted; ended the running cell JVM")
                && out.contains("'portbench run --resume " + dir + "' runs what is left"), out);
        List<ResultRow> rows = ResultsCsvReader.read(dir.resolve("results.csv"));
        assertEquals(rowsBefore, rows.size(), "the interrupted cell is not recorded (a resume runs it): " + rows);
        assertTrue(rows.stream().noneMatch(r -> r.status() == CellStatus.FAILED), "no FAILED row for it");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Process startLauncher(Path dir, Path log) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djmh.ignoreLock=" + System.getProperty("jmh.ignoreLock", "false"),
                "-Dportbench.runtimes.dir=" + System.getProperty("portbench.runtimes.dir", ""),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--scenarios", "dense-tiny", "--workloads", "prefill",
                "--backends", "reference-fp32,onnxruntime-cpu", "--warmup-max", "1s", "--iterations", "3",
                "--time", "1s", "--forks", "1", "--order-seed", "3", "--out", dir.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until one of the launcher's cells has a JMH fork running; returns the launcher's descendants then. */
    private static List<ProcessHandle> awaitJmhFork(Process launcher, Path log) throws Exception {
        long end = System.currentTimeMillis() + START_LIMIT_MS;
        while (System.currentTimeMillis() < end) {
            if (!launcher.isAlive()) {
                fail("the launcher ended before a cell was measured: " + Files.readString(log));
            }
            List<ProcessHandle> tree = launcher.descendants().toList();
            boolean forked = tree.stream().anyMatch(p -> p.info().commandLine().orElse("")
                    .contains("org.openjdk.jmh.runner.ForkedMain"));
            if (forked) {
                Thread.sleep(500); // into the fork's iterations
                return launcher.descendants().toList();
            }
            Thread.sleep(100);
        }
        launcher.destroyForcibly();
        throw new AssertionError("no JMH fork within " + START_LIMIT_MS + " ms: " + Files.readString(log));
    }

    /** Every process of the tree, and every process naming the run directory, is gone within the limit. */
    private static void assertAllEnd(List<ProcessHandle> tree, Path dir) throws InterruptedException {
        assertTrue(tree.size() >= 2, "a cell JVM and its JMH fork: " + describe(tree));
        long end = System.currentTimeMillis() + ORPHAN_LIMIT_MS;
        List<ProcessHandle> alive = tree;
        while (System.currentTimeMillis() < end) {
            alive = tree.stream().filter(ProcessHandle::isAlive).toList();
            List<ProcessHandle> naming = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                    .contains(dir.toString())).toList();
            if (alive.isEmpty() && naming.isEmpty()) {
                return;
            }
            alive = new java.util.ArrayList<>(alive);
            naming.stream().filter(p -> !tree.contains(p)).forEach(alive::add);
            Thread.sleep(200);
        }
        alive.forEach(ProcessHandle::destroyForcibly); // do not leave them to the next test either
        fail("still alive " + ORPHAN_LIMIT_MS + " ms later: " + describe(alive));
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> String.format(Locale.ROOT, "%d %s", p.pid(),
                p.info().commandLine().orElse("?"))).collect(Collectors.joining("; "));
    }
}
