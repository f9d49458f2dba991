package dev.portbench.harness.scripts;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/nightly run by bash against a stand-in portbench (PORTBENCH_LAUNCHER) that records each call and plays a
 * run's files: what a night runs or resumes, which gates it calls against which earlier night, the lock, and the exit
 * code it keeps. The commands it calls are tested on their own (RunResumeTest, GateEndToEndTest, HistoryCommandTest).
 */
class NightlyScriptTest {
    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/nightly");

    @TempDir
    Path tmp;

    private Path root;
    private Path calls;
    private String lastOutput;

    @BeforeEach
    void standIn() throws IOException {
        root = tmp.resolve("runs");
        calls = tmp.resolve("calls.txt");
        // a run writes run.json, then results and complete.json; GATE_EXIT is what a gate answers
        Path launcher = tmp.resolve("portbench");
        Files.writeString(launcher, """
                #!/usr/bin/env bash
                echo "$*" >> CALLS
                case "$1" in
                  run)
                    if [[ "$2" == --resume ]]; then dir="$3"; else dir="${*: -1}"; fi
                    for ((i = 1; i <= $#; i++)); do [[ "${!i}" == --out ]] && { j=$((i + 1)); dir="${!j}"; }; done
                    mkdir -p "$dir"; echo '{}' > "$dir/run.json"; echo 'x' > "$dir/results.csv"
                    echo '{}' > "$dir/complete.json"; exit "${RUN_EXIT:-0}" ;;
                  gate) exit "${GATE_EXIT:-0}" ;;
                  *) exit 0 ;;
                esac
                """.replace("CALLS", calls.toString()));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private int nightly(String date, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("PORTBENCH_LAUNCHER", tmp.resolve("portbench").toString(),
                "PORTBENCH_HOST", "lab1", "PORTBENCH_DATE", date));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
        System.out.print(out);
        lastOutput = out;
        return p.exitValue();
    }

    private List<String> takeCalls() throws IOException {
        List<String> lines = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        Files.deleteIfExists(calls);
        return lines;
    }

    private List<String> judging(Path night) {
        return List.of("gate --history " + root + " --markdown " + night + "/history-gate.md", "history " + root,
                "report " + root.resolve("lab1") + " --out " + night + "/report.html");
    }

    @Test
    void aNightRunsThenGatesAgainstThePreviousCompleteNightAndTheHistory() throws Exception {
        Path first = root.resolve("lab1/2026-12-01");
        assertEquals(0, nightly("2026-12-01", Map.of(), root.toString(), "--backends", "onnxruntime-cpu"));
        List<String> expected = new java.util.ArrayList<>(List.of(
                "run --suite nightly --out " + first + " --backends onnxruntime-cpu"));
        expected.addAll(judging(first)); // no earlier night: no one-baseline gate
        assertEquals(expected, takeCalls());

        Path second = root.resolve("lab1/2026-12-02");
        assertEquals(0, nightly("2026-12-02", Map.of("PORTBENCH_SUITE", "smoke"), root.toString()));
        expected = new java.util.ArrayList<>(List.of("run --suite smoke --out " + second,
                "gate --baseline " + first + " --candidate " + second + " --markdown " + second + "/gate.md --junit "
                        + second + "/gate.xml"));
        expected.addAll(judging(second));
        assertEquals(expected, takeCalls());

        // the same night again: complete, so judged again without running
        assertEquals(0, nightly("2026-12-02", Map.of(), root.toString()));
        assertEquals(expected.subList(1, expected.size()), takeCalls());
    }

    @Test
    void anInterruptedNightIsResumedAndAFailedGateIsTheExitCode() throws Exception {
        Path night = Files.createDirectories(root.resolve("lab1/2026-12-03"));
        Files.writeString(night.resolve("run.json"), "{}"); // started, never completed
        assertEquals(1, nightly("2026-12-03", Map.of("GATE_EXIT", "1"), root.toString()));
        List<String> expected = new java.util.ArrayList<>(List.of("run --resume " + night));
        expected.addAll(judging(night)); // a failed gate still leaves the history and the report written
        assertEquals(expected, takeCalls());
    }

    /** SIGINT (130) or an internal error (3): the night is not complete, so nothing judges it, and its code is kept. */
    @Test
    void aRunThatWasInterruptedOrFailedInsideIsNotJudged() throws Exception {
        Path night = root.resolve("lab1/2026-12-05");
        assertEquals(130, nightly("2026-12-05", Map.of("RUN_EXIT", "130"), root.toString()));
        assertEquals(List.of("run --suite nightly --out " + night), takeCalls());
        Files.delete(night.resolve("complete.json")); // the stand-in writes it whatever it answers
        assertEquals(3, nightly("2026-12-05", Map.of("RUN_EXIT", "3"), root.toString()));
        assertEquals(List.of("run --resume " + night), takeCalls());
    }

    /** A complete night judged again keeps its run's verdict: one FAILED row failed it then, and fails it now. */
    @Test
    void aCompleteNightWithFailedRowsJudgedAgainStillFails() throws Exception {
        Path night = Files.createDirectories(root.resolve("lab1/2026-12-06"));
        Files.writeString(night.resolve("results.csv"), "x");
        Files.writeString(night.resolve("complete.json"), """
                {
                  "cells" : 2,
                  "rows_by_status" : {
                    "OK" : 3,
                    "FAILED" : 1,
                    "SKIPPED" : 0,
                    "TIMEOUT" : 0
                  }
                }
                """);
        assertEquals(1, nightly("2026-12-06", Map.of(), root.toString()));
        assertEquals(judging(night), takeCalls(), "judged again, nothing run");
        Files.writeString(night.resolve("complete.json"), Files.readString(night.resolve("complete.json"))
                .replace("\"FAILED\" : 1", "\"FAILED\" : 0"));
        assertEquals(0, nightly("2026-12-06", Map.of(), root.toString()));
        // the run exits 1 for OK rows without drift as well: so does the night judged again
        Files.writeString(night.resolve("complete.json"), Files.readString(night.resolve("complete.json"))
                .replace("\"cells\" : 2,", "\"cells\" : 2,\n  \"ok_rows_without_drift\" : 2,"));
        assertEquals(1, nightly("2026-12-06", Map.of(), root.toString()));
        assertTrue(lastOutput.contains("has FAILED or TIMEOUT rows, or OK rows without drift"), lastOutput);
    }

    /** A later day's nightly starts its own night and names the earlier one that was interrupted and never resumed. */
    @Test
    void anEarlierNightLeftUnfinishedIsNamedByTheNextDaysNightly() throws Exception {
        Path earlier = Files.createDirectories(root.resolve("lab1/2026-12-01"));
        Files.writeString(earlier.resolve("run.json"), "{}");
        assertEquals(0, nightly("2026-12-02", Map.of(), root.toString()));
        assertTrue(lastOutput.contains("nightly: the earlier night " + earlier + " was interrupted and is not complete;"
                + " history and gates leave it out: 'portbench run --resume " + earlier + "' finishes it"), lastOutput);
        assertEquals("run --suite nightly --out " + root.resolve("lab1/2026-12-02"), takeCalls().get(0));
    }

    @Test
    void aRunsRootThatCannotBeWrittenIsBadInput() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        assertEquals(2, nightly("2026-12-02", Map.of(), file.resolve("runs").toString()));
        assertTrue(lastOutput.contains("cannot create or write " + file.resolve("runs/lab1")), lastOutput);
        assertEquals(List.of(), takeCalls());
    }

    @Test
    void aSecondNightlyOnTheHostIsRefusedWhileTheFirstHoldsTheLock() throws Exception {
        Path hostDir = Files.createDirectories(root.resolve("lab1"));
        Process holder = new ProcessBuilder("bash", "-c", "exec 9>\"$0\"; flock 9; echo locked; sleep 20",
                hostDir.resolve(".nightly.lock").toString()).start();
        try {
            assertEquals("locked", new String(holder.getInputStream().readNBytes(6), StandardCharsets.UTF_8));
            assertEquals(2, nightly("2026-12-04", Map.of(), root.toString()));
            assertEquals(List.of(), takeCalls());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertEquals(2, nightly("2026-12-04", Map.of()), "RUNS_ROOT is required");
        assertEquals(2, nightly("2026-12-04", Map.of(), "--backends"), "RUNS_ROOT comes first");
    }
}
