package dev.portbench.harness.cli;

import dev.portbench.results.Column;
import dev.portbench.results.runs.SyntheticRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code portbench history} and {@code gate --history} on nightly runs written as scripts/nightly lays them out. */
class HistoryCommandTest {
    @TempDir
    Path tmp;

    /** 30 nights of two hosts; on lab1, dense-small drops 10 % from night 22 when {@code planted}. */
    private Path nights(boolean planted) throws IOException {
        Path root = tmp.resolve("runs");
        Random noise = new Random(3);
        for (String host : List.of("lab1", "lab2")) {
            for (int night = 0; night < 30; night++) {
                String id = String.format(Locale.ROOT, "%s-2026-11-%02d", host, night + 1);
                String started = String.format(Locale.ROOT, "2026-11-%02dT02:00:00Z", night + 1);
                double drop = planted && host.equals("lab1") && night >= 22 ? 0.9 : 1;
                SyntheticRun.at(root.resolve(host).resolve(id.substring(5)))
                        .add(SyntheticRun.okRow("dense-small", "onnxruntime-cpu",
                                1000 * drop * (1 + 0.03 * noise.nextGaussian()), 10)
                                .set(Column.RUN_ID, id).set(Column.HOST, host).set(Column.STARTED_UTC, started))
                        .add(SyntheticRun.okRow("moe-small", "onnxruntime-cpu", 700 * (1 + 0.03 * noise.nextGaussian()),
                                10).set(Column.RUN_ID, id).set(Column.HOST, host).set(Column.STARTED_UTC, started))
                        .write();
            }
        }
        return root;
    }

    @Test
    void historyIndexesEveryNightOfEveryHostAndListsChangePoints() throws IOException {
        Path root = nights(true);
        CliRunner r = CliRunner.run("history", root.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().startsWith("history: 60 runs of 2 host(s) [lab1, lab2], 4 cell series, 1 change points"),
                r.out());
        List<String> history = Files.readAllLines(root.resolve("history.csv"));
        assertEquals(1 + 60 * 2, history.size(), "a header, then a row per run and cell");
        List<String> changes = Files.readAllLines(root.resolve("change-points.csv"));
        assertEquals(2, changes.size(), String.join("\n", changes));
        assertTrue(changes.get(1).startsWith("lab1,dense-small,prefill,prefill,fp32,onnxruntime-cpu,lab1-2026-11-23,"
                + "2026-11-23T02:00:00Z,"), changes.get(1));
        assertTrue(changes.get(1).endsWith(",FAIL"), changes.get(1));
    }

    /** Two hosts' nights merged without --host: each history row keeps the host and run that measured it. */
    @Test
    void aNightMergedFromTwoHostsKeepsEachRowsHostAndRunIdWhateverTheMergeOrder() throws IOException {
        Path a = SyntheticRun.at(tmp.resolve("hosts/hostA/2026-11-22")).add(SyntheticRun.okRow("dense-small",
                "onnxruntime-cpu", 1000, 10).set(Column.RUN_ID, "20261122T020000Z-hostA").set(Column.HOST, "hostA")
                .set(Column.STARTED_UTC, "2026-11-22T02:00:00Z")).write();
        Path b = SyntheticRun.at(tmp.resolve("hosts/hostB/2026-11-22")).add(SyntheticRun.okRow("moe-small",
                "onnxruntime-cpu", 700, 10).set(Column.RUN_ID, "20261122T020500Z-hostB").set(Column.HOST, "hostB")
                .set(Column.STARTED_UTC, "2026-11-22T02:05:00Z")).write();
        List<String> first = null;
        for (List<Path> order : List.of(List.of(a, b), List.of(b, a))) {
            Path root = tmp.resolve("merged-" + order.get(0).getParent().getFileName());
            Path night = root.resolve("lab/2026-11-22");
            assertEquals(0, CliRunner.run("merge", order.get(0).toString(), order.get(1).toString(), "--out",
                    night.toString()).exitCode());
            CliRunner r = CliRunner.run("history", root.toString());
            assertEquals(0, r.exitCode(), r.out() + r.err());
            assertTrue(r.out().startsWith("history: 1 runs of 2 host(s) [hostA, hostB], 2 cell series"), r.out());
            List<String> history = Files.readAllLines(root.resolve("history.csv"));
            List<String> rows = history.stream().skip(1).map(l -> String.join(",", List.of(l.split(",")).subList(0, 5)))
                    .sorted().toList();
            assertEquals(List.of("20261122T020000Z-hostA,2026-11-22T02:00:00Z,hostA,synthetic,dense-small",
                    "20261122T020500Z-hostB,2026-11-22T02:00:00Z,hostB,synthetic,moe-small"), rows, "the night's"
                    + " start, each row's run and host");
            if (first == null) {
                first = history.stream().skip(1).sorted().toList();
            } else {
                assertEquals(first, history.stream().skip(1).sorted().toList(), "merge B A indexes as merge A B");
            }
        }
    }

    /**
     * 30 Slurm nights, each merged from two shards whose run ids differ; dense-small (the second shard's, listed
     * second) drops 10 % from night 22: the change point names dense-small's own run, not the night's first row's.
     */
    @Test
    void aChangePointInAMergedNightNamesTheRunOfTheCellsOwnRow() throws IOException {
        Path root = tmp.resolve("slurm");
        Random noise = new Random(5);
        for (int night = 0; night < 30; night++) {
            String date = String.format(Locale.ROOT, "2026-11-%02d", night + 1);
            String started = date + "T02:00:00Z";
            double drop = night >= 22 ? 0.9 : 1;
            SyntheticRun.at(root.resolve("slurm-cpu").resolve(date))
                    .add(SyntheticRun.okRow("moe-small", "onnxruntime-cpu", 700 * (1 + 0.03 * noise.nextGaussian()),
                            10).set(Column.RUN_ID, "shard1-" + date).set(Column.HOST, "slurm-cpu")
                            .set(Column.STARTED_UTC, started))
                    .add(SyntheticRun.okRow("dense-small", "onnxruntime-cpu",
                            1000 * drop * (1 + 0.03 * noise.nextGaussian()), 10).set(Column.RUN_ID, "shard0-" + date)
                            .set(Column.HOST, "slurm-cpu").set(Column.STARTED_UTC, started))
                    .write();
        }
        CliRunner r = CliRunner.run("history", root.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        List<String> changes = Files.readAllLines(root.resolve("change-points.csv"));
        assertEquals(2, changes.size(), String.join("\n", changes));
        assertTrue(changes.get(1).startsWith("slurm-cpu,dense-small,prefill,prefill,fp32,onnxruntime-cpu,"
                + "shard0-2026-11-23,2026-11-23T02:00:00Z,"), changes.get(1));
        CliRunner gate = CliRunner.run("gate", "--history", root.toString());
        assertEquals(GateCommand.FAILED, gate.exitCode(), gate.out() + gate.err());
        assertTrue(gate.out().contains("from night shard0-2026-11-23 (2026-11-23T02:00:00Z) on"), gate.out());
    }

    @Test
    void gateHistoryFailsTheRecentDropAndPassesNoise() throws IOException {
        Path markdown = tmp.resolve("summary.md");
        CliRunner failing = CliRunner.run("gate", "--history", nights(true).toString(), "--markdown",
                markdown.toString());
        assertEquals(GateCommand.FAILED, failing.exitCode(), failing.out() + failing.err());
        assertTrue(failing.out().contains("FAIL history    lab1 dense-small/prefill/prefill/fp32/onnxruntime-cpu:"
                + " tokens/s dropped "), failing.out());
        assertTrue(failing.out().contains("PASS history    lab2 dense-small/prefill/prefill/fp32/onnxruntime-cpu: no"
                + " change point in tokens/s over 30 nights"), failing.out());
        assertTrue(failing.out().contains("gate --history: FAIL (4 cell series, 1 failed)"), failing.out());
        String md = Files.readString(markdown);
        assertTrue(md.startsWith("## portbench history gate: FAIL") && md.contains("| FAIL | lab1 |"), md);

        Path clean = tmp.resolve("clean");
        Files.move(tmp.resolve("runs"), clean);
        Path noise = nights(false);
        CliRunner passing = CliRunner.run("gate", "--history", noise.toString());
        assertEquals(0, passing.exitCode(), passing.out() + passing.err());
        assertTrue(passing.out().contains("gate --history: PASS (4 cell series, 0 failed)"), passing.out());
    }

    /**
     * lab2 is halfway through its 31st night (run.json, no complete.json, only dense-small measured yet): that night is
     * left out and named, so moe-small does not fail as missing from lab2's newest night.
     */
    @Test
    void anotherHostsUnfinishedNightIsLeftOutAndNamed() throws IOException {
        Path root = nights(false);
        Path running = SyntheticRun.at(root.resolve("lab2").resolve("2026-12-01")).add(SyntheticRun.okRow(
                "dense-small", "onnxruntime-cpu", 1000, 10).set(Column.RUN_ID, "lab2-2026-12-01")
                .set(Column.HOST, "lab2").set(Column.STARTED_UTC, "2026-12-01T02:00:00Z")).write();
        Files.writeString(running.resolve("run.json"), "{}");
        CliRunner gate = CliRunner.run("gate", "--history", root.toString());
        assertEquals(0, gate.exitCode(), gate.out() + gate.err());
        String leftOut = "left out 1 unfinished run(s), with run.json but no complete.json (still running, or"
                + " interrupted: `portbench run --resume DIR` finishes one): [" + running.toAbsolutePath().normalize()
                + "]";
        assertTrue(gate.out().contains(leftOut), gate.out());
        CliRunner history = CliRunner.run("history", root.toString());
        assertTrue(history.out().startsWith("history: 60 runs of 2 host(s)"), history.out());
        assertTrue(history.out().contains(leftOut), history.out());

        Files.writeString(running.resolve("complete.json"), "{}"); // finished with one cell: moe-small is missing
        assertEquals(GateCommand.FAILED, CliRunner.run("gate", "--history", root.toString()).exitCode());
    }

    @Test
    void badUseIsExitTwoWithOneLine() throws IOException {
        Path root = nights(false);
        CliRunner both = CliRunner.run("gate", "--history", root.toString(), "--baseline", root.toString());
        assertEquals(ExitCode.USAGE, both.exitCode());
        assertTrue(both.err().contains("expected no --baseline, --candidate, --policy or --junit with it"), both.err());
        CliRunner shortWindow = CliRunner.run("gate", "--history", root.toString(), "--window", "6");
        assertEquals(ExitCode.USAGE, shortWindow.exitCode());
        assertTrue(shortWindow.err().contains("--window 6 --recent 10; expected --window of at least 10"),
                shortWindow.err());
        Path night = root.resolve("lab1").resolve("2026-11-01");
        CliRunner oneRun = CliRunner.run("history", night.toString());
        assertEquals(ExitCode.USAGE, oneRun.exitCode(), oneRun.out());
        assertTrue(oneRun.err().contains(night + " is a run directory (it holds results.csv); expected RUNS_ROOT"),
                oneRun.err());
        assertFalse(Files.exists(night.resolve("history.csv")), "nothing written into the run");
        CliRunner elsewhere = CliRunner.run("history", night.toString(), "--out", tmp.resolve("h.csv").toString(),
                "--changes", tmp.resolve("c.csv").toString());
        assertEquals(0, elsewhere.exitCode(), elsewhere.err());
        CliRunner absent = CliRunner.run("history", tmp.resolve("nowhere").toString());
        assertEquals(ExitCode.USAGE, absent.exitCode());
        assertTrue(absent.err().contains("no such directory; expected a root of nightly run directories"),
                absent.err());
    }

    @Test
    void theSummaryIsAppendedToGitHubsStepSummaryWhenItIsSet() throws IOException {
        Path file = Files.writeString(tmp.resolve("step.md"), "earlier step\n");
        assertEquals(Optional.of(file), GateCommand.appendStepSummary(file.toString(), "## portbench\n"));
        assertEquals("earlier step\n## portbench\n", Files.readString(file));
        assertEquals(Optional.empty(), GateCommand.appendStepSummary(null, "x"));
        assertEquals(Optional.empty(), GateCommand.appendStepSummary("", "x"));
    }
}
