package dev.portbench.results.history;

import dev.portbench.results.Column;
import dev.portbench.results.MeasurementCaveats;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsFormatException;
import dev.portbench.results.gate.Outcome;
import dev.portbench.results.runs.RunResults;
import dev.portbench.results.runs.SyntheticRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nightly histories written to disk as scripts/nightly lays them out, with known steps, gaps and noise. */
class HistoryGateTest {
    @TempDir
    Path root;

    /**
     * 30 nights on host lab1: dense-small drops 10 % from night 22, moe-small is noise, old-drop fell 10 % at night
     * 8, and gone runs on every night but the newest.
     */
    private List<RunResults> nights() throws IOException {
        Random noise = new Random(7);
        for (int night = 0; night < 30; night++) {
            String id = String.format(Locale.ROOT, "2026-11-%02d", night + 1);
            SyntheticRun run = SyntheticRun.at(root.resolve("lab1").resolve(id));
            double[] values = {
                1000 * (1 + 0.03 * noise.nextGaussian()) * (night >= 22 ? 0.9 : 1),
                800 * (1 + 0.03 * noise.nextGaussian()),
                500 * (1 + 0.03 * noise.nextGaussian()) * (night >= 8 ? 0.9 : 1),
                300 * (1 + 0.03 * noise.nextGaussian())};
            String[] scenarios = {"dense-small", "moe-small", "old-drop", "gone"};
            for (int c = 0; c < scenarios.length; c++) {
                if (scenarios[c].equals("gone") && night == 29) {
                    continue;
                }
                // dense-small's drop comes with an upgrade; old-drop's with nothing the rows record
                String version = scenarios[c].equals("dense-small") && night >= 22 ? "1.29.0" : "1.28.0";
                run.add(SyntheticRun.okRow(scenarios[c], "onnxruntime-cpu", values[c], 10)
                        .set(Column.RUN_ID, id).set(Column.STARTED_UTC, id + "T02:00:00Z")
                        .set(Column.RUNTIME_VERSION, version).set(Column.BACKEND_OPTIONS, "intra_op_threads=2"));
            }
            run.write();
        }
        return RunsRoot.load(root);
    }

    private static HistoryGate.Finding finding(List<HistoryGate.Finding> all, String scenario) {
        return all.stream().filter(f -> f.key().scenario().equals(scenario)).findFirst().orElseThrow();
    }

    @Test
    void theNewestNightIsJudgedAgainstEachCellsHistory() throws IOException {
        List<RunResults> runs = nights();
        assertEquals(30, runs.size());
        assertEquals("2026-11-30", runs.get(29).label(), "oldest first, by start");
        List<HistoryGate.Finding> findings = HistoryGate.defaults().judge(runs);
        assertEquals(4, findings.size());

        HistoryGate.Finding dense = finding(findings, "dense-small");
        assertEquals(Outcome.FAIL, dense.outcome(), dense.message());
        assertTrue(dense.message().startsWith("tokens/s dropped "), dense.message());
        assertTrue(dense.message().contains("from night 2026-11-23 (2026-11-23T02:00:00Z) on"), dense.message());
        assertTrue(dense.message().endsWith("; that night: runtime_version 1.28.0 -> 1.29.0"), dense.message());
        assertEquals(Outcome.PASS, finding(findings, "moe-small").outcome(), finding(findings, "moe-small").message());
        HistoryGate.Finding old = finding(findings, "old-drop");
        assertEquals(Outcome.WARN, old.outcome(), old.message());
        assertTrue(old.message().contains("from night 2026-11-09"), old.message());
        assertTrue(old.message().endsWith("; the rows record no change of runtime_version, backend_options, threads or"
                + " device that night"), old.message());
        HistoryGate.Finding gone = finding(findings, "gone");
        assertEquals(Outcome.FAIL, gone.outcome());
        assertEquals("missing from the newest night 2026-11-30 (2026-11-30T02:00:00Z): no row; it ran OK on 29"
                + " of the host's last 30 nights, the last 2026-11-29 (2026-11-29T02:00:00Z)", gone.message());
        assertFalse(HistoryGate.passed(findings));

        String csv = ChangePointsCsv.of(findings).render();
        assertTrue(csv.contains("lab1,dense-small,prefill,prefill,fp32,onnxruntime-cpu,2026-11-23,"), csv);
        assertTrue(csv.contains(",FAIL") && csv.contains(",WARN"), csv);
    }

    /**
     * One cell on host lab1 whose tokens/s holds {@code levels[i]} for {@code nights[i]} nights in turn, with 1 %
     * Gaussian noise from a fixed seed, night 1 being 2026-11-01; judged by the default gate (30 nights, 10 recent).
     */
    private HistoryGate.Finding steps(String name, int[] nights, double... levels) throws IOException {
        return steps(name, (night, row) -> row, nights, levels);
    }

    /** {@link #steps}, each night's row (night 1 first) edited by {@code edit} before it is written. */
    private HistoryGate.Finding steps(String name, java.util.function.BiFunction<Integer, ResultRow.Builder,
            ResultRow.Builder> edit, int[] nights, double... levels) throws IOException {
        Path runs = root.resolve(name);
        Random noise = new Random(11);
        int night = 0;
        for (int s = 0; s < nights.length; s++) {
            for (int i = 0; i < nights[s]; i++, night++) {
                String id = String.format(Locale.ROOT, "2026-11-%02d", night + 1);
                SyntheticRun.at(runs.resolve("lab1").resolve(id)).add(edit.apply(night + 1, SyntheticRun.okRow(
                        "dense-small", "onnxruntime-cpu", levels[s] * (1 + 0.01 * noise.nextGaussian()), 10)
                        .set(Column.RUN_ID, id).set(Column.STARTED_UTC, id + "T02:00:00Z"))).write();
            }
        }
        List<HistoryGate.Finding> findings = HistoryGate.defaults().judge(RunsRoot.load(runs));
        assertEquals(1, findings.size());
        return findings.get(0);
    }

    /** How a message names night {@code n} of {@link #steps}. */
    private static String night(int n) {
        return String.format(Locale.ROOT, "night 2026-11-%02d (2026-11-%02dT02:00:00Z)", n, n);
    }

    private static List<Integer> changeNights(HistoryGate.Finding f) {
        return f.changePoints().stream().map(c -> c.index() + 1).toList();
    }

    private static final String NO_CHANGE = "the rows record no change of runtime_version, backend_options, threads or"
            + " device";

    @Test
    void aSingleRecentDropFailsAsItAlwaysHas() throws IOException {
        HistoryGate.Finding f = steps("drop", new int[] {20, 10}, 1000, 800);
        assertEquals(List.of(21), changeNights(f));
        assertEquals(Outcome.FAIL, f.outcome(), f.message());
        assertEquals("tokens/s dropped 20.0% from " + night(21) + " on (mean 1001 -> 800.5, p = 0.00500, 10 of 30"
                + " nights at the new level); " + NO_CHANGE + " that night", f.message());
    }

    /** Rows on either side of the step that doubt their own numbers are named; the verdict stands on the means. */
    @Test
    void theRowsAroundAStepThatDoubtTheirOwnNumbersAreNamed() throws IOException {
        HistoryGate.Finding f = steps("doubted", (night, row) -> switch (night) {
            case 20 -> row.set(Column.STEADY, "false");
            case 21 -> row.set(Column.HOST_BUSY, "true").set(Column.REASON, MeasurementCaveats.HOST_DRIFTED
                    + ": the fork means follow the order the forks ran in");
            case 30 -> row.set(Column.HOST_BUSY, "true"); // not beside the step: not named
            default -> row;
        }, new int[] {20, 10}, 1000, 800);
        assertEquals(Outcome.FAIL, f.outcome(), f.message());
        Path csv = root.resolve("doubted/lab1/2026-11-%02d/results.csv");
        assertEquals("tokens/s dropped 20.0% from " + night(21) + " on (mean 1001 -> 800.5, p = 0.00500, 10 of 30"
                + " nights at the new level); " + NO_CHANGE + " that night; read with care: the row of "
                + night(20) + " (" + String.format(Locale.ROOT, csv.toString(), 20) + ":2) had measured iterations"
                + " that still trended (steady false); the row of " + night(21) + " ("
                + String.format(Locale.ROOT, csv.toString(), 21) + ":2) was measured on a busy host (host_busy true)"
                + " and had fork means that followed the order its forks ran in: its interval is likely too narrow",
                f.message());
        HistoryGate.Finding steady = steps("steady", (night, row) -> night == 30 ? row.set(Column.STEADY, "false")
                : row, new int[] {20, 10}, 1000, 800);
        assertFalse(steady.message().contains("read with care"), steady.message());
    }

    @Test
    void aSingleRisePasses() throws IOException {
        HistoryGate.Finding f = steps("rise", new int[] {25, 5}, 1000, 1100);
        assertEquals(List.of(26), changeNights(f));
        assertEquals(Outcome.PASS, f.outcome(), f.message());
        assertEquals("tokens/s rose 10.2% from " + night(26) + " on (mean 1000 -> 1102, p = 0.00500, 5 of 30 nights"
                + " at the new level); " + NO_CHANGE + " that night", f.message());
    }

    /** 20 nights at 1000, 5 at 800, 5 at 880: the newest change is a rise, yet the level is 12 % below night 20's. */
    @Test
    void aRecentDropThatPartlyRecoveredStillFails() throws IOException {
        HistoryGate.Finding f = steps("partial", new int[] {20, 5, 5}, 1000, 800, 880);
        assertEquals(List.of(21, 26), changeNights(f));
        assertEquals(Outcome.FAIL, f.outcome(), f.message());
        assertEquals("tokens/s is 11.9% below its level of the 20 nights from " + night(1) + " (mean 1001 -> 881.6"
                + " over the newest 5, from " + night(26) + " on; p = 0.00500), below it since " + night(21) + ", 10"
                + " of 30 nights: dropped 20.1% from " + night(21) + " on (mean 1001 -> 799.5, p = 0.00500), then rose"
                + " 10.3% from " + night(26) + " on (mean 799.5 -> 881.6, p = 0.0100); " + NO_CHANGE + " on "
                + night(21), f.message());
    }

    /** 15 nights at 1000, 10 at 800, 5 at 850: 15 % below, by a drop 15 nights old: an older drop, so a warning. */
    @Test
    void anOlderDropThatPartlyRecoveredWarns() throws IOException {
        HistoryGate.Finding f = steps("older", new int[] {15, 10, 5}, 1000, 800, 850);
        assertEquals(List.of(16, 26), changeNights(f));
        assertEquals(Outcome.WARN, f.outcome(), f.message());
        assertTrue(f.message().startsWith("tokens/s is 15.0% below its level of the 15 nights from " + night(1)
                + " (mean 1002 -> 851.5 over the newest 5, from " + night(26) + " on; p = 0.00500), below it since "
                + night(16) + ", 15 of 30 nights: dropped 20.3% from " + night(16) + " on"), f.message());
        assertTrue(f.message().contains("; older than the last 10 nights, so taken as the level; "), f.message());
    }

    @Test
    void aFullRecoveryPassesSayingSo() throws IOException {
        HistoryGate.Finding back = steps("back", new int[] {15, 10, 5}, 1000, 800, 1000);
        assertEquals(List.of(16, 26), changeNights(back));
        assertEquals(Outcome.PASS, back.outcome(), back.message());
        assertTrue(back.message().startsWith("tokens/s rose 25.4% from " + night(26) + " on"), back.message());
        assertTrue(back.message().endsWith("; recovered: at or above every earlier level, the highest being the 15"
                + " nights from " + night(1) + " (mean 1002 -> 1002)"), back.message());

        HistoryGate.Finding close = steps("close", new int[] {15, 10, 5}, 1000, 800, 990);
        assertEquals(List.of(16, 26), changeNights(close));
        assertEquals(Outcome.PASS, close.outcome(), close.message());
        assertTrue(close.message().endsWith("; recovered: within 2.0% of its highest earlier level, the 15 nights"
                + " from " + night(1) + " (mean 1002 -> 991.8, -1.0%)"), close.message());
    }

    /** 15 nights at 1000, 10 at 1200, 5 at 1000: back at the oldest level, but the gain of night 16 is lost. */
    @Test
    void aRecentDropThatUndoesAnEarlierRiseFails() throws IOException {
        HistoryGate.Finding f = steps("undone", new int[] {15, 10, 5}, 1000, 1200, 1000);
        assertEquals(List.of(16, 26), changeNights(f));
        assertEquals(Outcome.FAIL, f.outcome(), f.message());
        assertTrue(f.message().startsWith("tokens/s dropped 16.4% from " + night(26) + " on (mean 1198 -> 1002"),
                f.message());
    }

    /**
     * Host lab1's nights 1 to {@code nights}: "companion" runs OK every night at 500; dense-small runs where
     * {@code denseOn} says, at 1000 before night {@code dropNight} and 800 from it, with 1 % noise.
     */
    private List<RunResults> hostNights(String name, int nights, java.util.function.IntPredicate denseOn,
                                        int dropNight) throws IOException {
        return hostNights(name, nights, denseOn, dropNight, false);
    }

    /** As above; where {@code skippedWhenOff}, dense-small's nights off hold a SKIPPED row instead of none. */
    private List<RunResults> hostNights(String name, int nights, java.util.function.IntPredicate denseOn,
                                        int dropNight, boolean skippedWhenOff) throws IOException {
        Path runs = root.resolve(name);
        Random noise = new Random(13);
        for (int night = 1; night <= nights; night++) {
            String id = String.format(Locale.ROOT, "2026-%02d-%02d", 10 + (night - 1) / 28, 1 + (night - 1) % 28);
            SyntheticRun run = SyntheticRun.at(runs.resolve("lab1").resolve(id));
            run.add(SyntheticRun.okRow("companion", "onnxruntime-cpu", 500 * (1 + 0.01 * noise.nextGaussian()), 5)
                    .set(Column.RUN_ID, id).set(Column.STARTED_UTC, id + "T02:00:00Z"));
            double dense = (night < dropNight ? 1000 : 800) * (1 + 0.01 * noise.nextGaussian());
            if (denseOn.test(night)) {
                run.add(SyntheticRun.okRow("dense-small", "onnxruntime-cpu", dense, 10)
                        .set(Column.RUN_ID, id).set(Column.STARTED_UTC, id + "T02:00:00Z"));
            } else if (skippedWhenOff) {
                run.add(dev.portbench.results.ResultRow.builder().set(Column.RUN_ID, id).set(Column.HOST, "lab1")
                        .set(Column.STARTED_UTC, id + "T02:00:00Z").set(Column.SCENARIO, "dense-small")
                        .set(Column.WORKLOAD, "prefill").set(Column.PHASE, "prefill").set(Column.DTYPE, "fp32")
                        .set(Column.BACKEND, "onnxruntime-cpu")
                        .set(Column.STATUS, dev.portbench.results.CellStatus.SKIPPED)
                        .set(Column.REASON, "driver gone"));
            }
            run.write();
        }
        return RunsRoot.load(runs);
    }

    /**
     * A drop that began 12 nights ago is older than the last 10 nights even though the cell failed on 5 of them:
     * "recent" counts the host's nights, not the cell's OK rows (7 of which lie after the drop).
     */
    @Test
    void nightsWhereTheCellFailedCountTowardsTheDropsAge() throws IOException {
        List<HistoryGate.Finding> findings = HistoryGate.defaults().judge(hostNights("gaps", 30,
                night -> night < 22 || night > 26, 19));
        HistoryGate.Finding dense = finding(findings, "dense-small");
        assertEquals(List.of(19), dense.changePoints().stream().map(c -> c.index() + 1).toList(), dense.message());
        assertEquals(Outcome.WARN, dense.outcome(), dense.message());
        assertTrue(dense.message().contains("older than the last 10 nights"), dense.message());
    }

    /** The window is the host's last 30 nights: a cell last run OK 35 nights ago is retired, not missing. */
    @Test
    void aCellWithNoOkRowInTheWindowIsNotJudged() throws IOException {
        List<HistoryGate.Finding> findings = HistoryGate.defaults().judge(hostNights("retired", 40,
                night -> night <= 5, 1));
        assertEquals(List.of("companion"), findings.stream().map(f -> f.key().scenario()).toList());
        assertTrue(HistoryGate.passed(findings));

        List<HistoryGate.Finding> stillInWindow = HistoryGate.defaults().judge(hostNights("stopped", 40,
                night -> night <= 12, 1));
        HistoryGate.Finding dense = finding(stillInWindow, "dense-small");
        assertEquals(Outcome.FAIL, dense.outcome(), dense.message());
        assertTrue(dense.message().startsWith("missing from the newest night 2026-11-12"), dense.message());
        assertTrue(dense.message().contains("it ran OK on 2 of the host's last 30 nights"), dense.message());

        // SKIPPED every night for longer than the window: still in the suite, so still failing
        List<HistoryGate.Finding> broken = HistoryGate.defaults().judge(hostNights("broken", 40,
                night -> night <= 5, 1, true));
        HistoryGate.Finding gone = finding(broken, "dense-small");
        assertEquals(Outcome.FAIL, gone.outcome(), gone.message());
        assertEquals("missing from the newest night 2026-11-12 (2026-11-12T02:00:00Z): SKIPPED (driver gone); no OK row"
                + " in the host's last 30 nights; it last ran OK on night 2026-10-05 (2026-10-05T02:00:00Z)",
                gone.message());
    }

    @Test
    void aShortHistoryIsSkippedSayingHowShort() throws IOException {
        for (int night = 0; night < 6; night++) {
            String id = "n" + night;
            SyntheticRun.at(root.resolve(id)).add(SyntheticRun.okRow("dense-small", "onnxruntime-cpu", 1000 + night, 1)
                    .set(Column.RUN_ID, id).set(Column.STARTED_UTC, "2026-11-0" + (night + 1) + "T02:00:00Z")).write();
        }
        List<HistoryGate.Finding> findings = HistoryGate.defaults().judge(RunsRoot.load(root));
        assertEquals(Outcome.SKIP, findings.get(0).outcome());
        assertEquals("6 nights; a change point needs at least 10", findings.get(0).message());
        assertTrue(HistoryGate.passed(findings));
    }

    @Test
    void dotFoldersSuchAsSlurmsStagedShardsAreNotNights() throws IOException {
        SyntheticRun.at(root.resolve("slurm-cpu").resolve("2026-11-01")).add(SyntheticRun.okRow("dense-small",
                "onnxruntime-cpu", 1000, 1).set(Column.STARTED_UTC, "2026-11-01T02:00:00Z")).write();
        SyntheticRun.at(root.resolve(".slurm").resolve("slurm-cpu").resolve("2026-11-01").resolve("shard-0"))
                .add(SyntheticRun.okRow("dense-small", "onnxruntime-cpu", 1000, 1)
                        .set(Column.STARTED_UTC, "2026-11-01T02:00:00Z")).write();
        List<RunResults> runs = RunsRoot.load(root);
        assertEquals(1, runs.size());
        assertEquals(root.resolve("slurm-cpu").resolve("2026-11-01").toAbsolutePath().normalize(),
                runs.get(0).directory());
    }

    /**
     * Host lab2 is halfway through tonight (run.json, no complete.json): its missing cells are no cells that stopped
     * running. It is left out, named, until it finishes; a finished night and a merged one (no run.json) count.
     */
    @Test
    void aRunThatHasNotFinishedIsNoNight() throws IOException {
        Path done = SyntheticRun.at(root.resolve("lab1").resolve("2026-11-01")).add(SyntheticRun.okRow("dense-small",
                "onnxruntime-cpu", 1000, 1).set(Column.STARTED_UTC, "2026-11-01T02:00:00Z")).write();
        Files.writeString(done.resolve("run.json"), "{}");
        Files.writeString(done.resolve("complete.json"), "{}");
        Path merged = SyntheticRun.at(root.resolve("lab3").resolve("2026-11-01")).add(SyntheticRun.okRow("dense-small",
                "onnxruntime-cpu", 900, 1).set(Column.STARTED_UTC, "2026-11-01T02:00:00Z")).write();
        Path running = SyntheticRun.at(root.resolve("lab2").resolve("2026-11-01")).add(SyntheticRun.okRow(
                "dense-small", "onnxruntime-cpu", 1000, 1).set(Column.STARTED_UTC, "2026-11-01T02:00:00Z")).write();
        Files.writeString(running.resolve("run.json"), "{}");
        List<RunResults> runs = RunsRoot.load(root);
        assertEquals(java.util.Set.of(done.toAbsolutePath().normalize(), merged.toAbsolutePath().normalize()),
                runs.stream().map(RunResults::directory).collect(java.util.stream.Collectors.toSet()));
        assertEquals(List.of(running.toAbsolutePath().normalize()), RunsRoot.scan(root).unfinished());

        Files.delete(done.resolve("complete.json"));
        Files.delete(merged.resolve("results.csv"));
        ResultsFormatException e = assertThrows(ResultsFormatException.class, () -> RunsRoot.load(root));
        assertTrue(e.getMessage().contains("holds no finished run: every run found has run.json but no complete.json"),
                e.getMessage());
    }

    @Test
    void aRootWithoutRunsIsNamed() throws IOException {
        Files.createDirectories(root.resolve("lab1").resolve("empty"));
        ResultsFormatException e = assertThrows(ResultsFormatException.class, () -> RunsRoot.load(root));
        assertTrue(e.getMessage().contains("holds no run: no results.csv within 4 levels"), e.getMessage());
        assertThrows(ResultsFormatException.class, () -> RunsRoot.load(root.resolve("nope")));
    }
}
