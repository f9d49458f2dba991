package dev.portbench.results.history;

import dev.portbench.results.Column;
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
        assertEquals("2026-11-30", runs.get(29).runId(), "oldest first, by start");
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
                + " earlier nights, the last 2026-11-29 (2026-11-29T02:00:00Z)", gone.message());
        assertFalse(HistoryGate.passed(findings));

        String csv = ChangePointsCsv.of(findings).render();
        assertTrue(csv.contains("lab1,dense-small,prefill,prefill,fp32,onnxruntime-cpu,2026-11-23,"), csv);
        assertTrue(csv.contains(",FAIL") && csv.contains(",WARN"), csv);
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

    @Test
    void aRootWithoutRunsIsNamed() throws IOException {
        Files.createDirectories(root.resolve("lab1").resolve("empty"));
        ResultsFormatException e = assertThrows(ResultsFormatException.class, () -> RunsRoot.load(root));
        assertTrue(e.getMessage().contains("holds no run: no results.csv within 4 levels"), e.getMessage());
        assertThrows(ResultsFormatException.class, () -> RunsRoot.load(root.resolve("nope")));
    }
}
