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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A suite of two forks runs each cell in two rounds, one fork each, every round over every cell; the rows summarise
 * both rounds; a resumed run keeps the rounds it finished; a round that fails ends its cell.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunRoundsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private Path suite;
    private Path base;
    private CliRunner first;

    @BeforeAll
    void runTwoCellsInTwoRounds() throws IOException {
        suite = tmp.resolve("rounds.yaml");
        Files.writeString(suite, """
                name: rounds
                description: "dense-tiny prefill and decode, two forks of two iterations, a third for a 0.1 % target"
                jmh:
                  warmup_max: 0s
                  iterations: 2
                  iteration_time: 100ms
                  forks: 2
                  max_forks: 3
                  target_half_width: 0.001
                cell_timeout: 2m
                host_stability: 1s
                host_stability_threads: cores-1
                options:
                  reference-fp32: {threads: cores-1}
                matrix:
                  - scenarios: [dense-tiny]
                    workloads: [prefill, decode]
                    dtypes: [fp32]
                """);
        base = tmp.resolve("base");
        first = CliRunner.run("run", "--suite", suite.toString(), "--backends", "reference-fp32",
                "--order-seed", "5", "--out", base.toString());
    }

    @Test
    void everyCellRunsItsFirstRoundBeforeAnyCellRunsItsSecond() {
        assertEquals(ExitCode.OK, first.exitCode(), first.out() + first.err());
        List<String> rounds = first.out().lines().filter(l -> l.contains(", round ")).toList();
        assertEquals(6, rounds.size(), first.out());
        assertTrue(rounds.get(0).contains("round 1/2") && rounds.get(1).contains("round 1/2")
                && rounds.get(2).contains("round 2/2") && rounds.get(3).contains("round 2/2"), first.out());
        // no timing of two forks is within 0.1 %: each cell gets the third round max_forks allows, after both
        assertTrue(rounds.get(4).contains("round 3/3") && rounds.get(5).contains("round 3/3"), first.out());
    }

    @Test
    void theSuitesBackendOptionsReachEveryRowAsTheCountTheyGaveHere() throws IOException {
        int fewer = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        for (ResultRow row : ResultsCsvReader.read(base.resolve("results.csv"))) {
            assertTrue(row.text(Column.BACKEND_OPTIONS).contains("threads=" + fewer + ";"),
                    row.text(Column.BACKEND_OPTIONS));
            assertEquals(fewer, row.integer(Column.THREADS).orElseThrow());
        }
    }

    @Test
    void theHostsStabilityIsMeasuredBeforeTheCellsAsTheSuiteAsks() throws IOException {
        JsonNode stability = JSON.readTree(base.resolve("env.json").toFile()).get("host_stability");
        assertEquals(10, stability.get("block_rates_per_s").size(), stability.toString());
        assertEquals(0.1, stability.get("block_s").asDouble(), 1e-9);
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), stability.get("threads").asInt(),
                "host_stability_threads: cores-1");
        double cv = stability.get("cv").asDouble();
        assertTrue(cv >= 0 && Double.isFinite(cv), stability.toString());
        String line = first.out().lines().filter(l -> l.startsWith("host stability over 1.0 s: CV ")).findFirst()
                .orElseThrow(() -> new AssertionError(first.out()));
        assertTrue(line.contains(stability.get("verdict").asText()), line);
        assertTrue(first.out().indexOf(line) < first.out().indexOf(", round 1/2"), "before the first cell");
    }

    @Test
    void rowsSummariseTheForksOfEveryRoundAndSayWhyTheyGotAThird() throws IOException {
        List<ResultRow> rows = ResultsCsvReader.read(base.resolve("results.csv"));
        assertEquals(3, rows.size(), "prefill's row and decode's two");
        for (ResultRow row : rows) {
            assertEquals(CellStatus.OK, row.status(), row.text(Column.REASON));
            assertEquals(3, row.integer(Column.FORKS).orElseThrow());
            assertEquals(2, row.integer(Column.ITERATIONS).orElseThrow());
            assertTrue(row.text(Column.REASON).contains("3 forks: 2 planned and 1 more, which the forks' spread"
                    + " (judged after the planned ones and again at each number decided) said tokens/s needs for a"
                    + " half-width within 0.1 % here or on another backend of this scenario, workload and dtype"
                    + " (max_forks 3: the most allowed, perhaps fewer than needed)"),
                    row.text(Column.REASON));
            assertEquals("3\n", Files.readString(cellDir(base, row.text(Column.WORKLOAD)).resolve("forks.txt")));
        }
        ResultRow prefill = rows.stream().filter(r -> r.text(Column.WORKLOAD).equals("prefill")).findFirst()
                .orElseThrow();
        Path cellDir = cellDir(base, "prefill");
        List<Double> iterationMeans = new ArrayList<>();
        long samples = 0;
        for (int round = 1; round <= 3; round++) {
            JsonNode forks = JSON.readTree(cellDir.resolve("round-" + round + ".json").toFile())
                    .get("outcome").get("forks").get("latency");
            assertEquals(1, forks.size(), "one fork per round");
            forks.get(0).get("iterationMeans").forEach(v -> iterationMeans.add(v.asDouble()));
            for (JsonNode c : forks.get(0).get("counts")) {
                samples += c.asLong();
            }
            assertTrue(Files.exists(base.resolve("jmh").resolve(cellDir.getFileName() + ".round-" + round + ".json")));
        }
        assertEquals(6, iterationMeans.size());
        double mean = iterationMeans.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertEquals(mean, prefill.decimal(Column.LATENCY_MEAN_MS).orElseThrow(), mean * 1e-6);
        assertEquals(samples, prefill.integer(Column.LATENCY_SAMPLES).orElseThrow());
        assertFalse(prefill.text(Column.MAX_ABS_ERR).isEmpty(), "the first round's outputs give the drift");
    }

    @Test
    void aResumedRunKeepsTheRoundsItFinishedAndRunsOnlyTheMissingOne() throws IOException {
        Path dir = copy(base, tmp.resolve("resumed"));
        List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
        Files.write(dir.resolve("results.csv"), lines.subList(0, 1)); // interrupted before any row was written
        Files.delete(dir.resolve("complete.json"));
        Files.delete(cellDir(dir, "prefill").resolve("round-2.json"));
        Files.delete(cellDir(dir, "prefill").resolve("round-3.json"));
        List<ResultRow> before = ResultsCsvReader.read(base.resolve("results.csv"));

        CliRunner r = CliRunner.run("run", "--resume", dir.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        List<String> rounds = r.out().lines().filter(l -> l.contains(", round ")).toList();
        // round 2 again, then the third its rounds decide on again from the same first round and a new second
        assertEquals(2, rounds.size(), r.out());
        assertTrue(rounds.get(0).contains("dense-tiny prefill") && rounds.get(0).contains("round 2/2"), r.out());
        assertTrue(rounds.get(1).contains("dense-tiny prefill") && rounds.get(1).contains("round 3/3"), r.out());
        List<ResultRow> after = ResultsCsvReader.read(dir.resolve("results.csv"));
        assertEquals(3, after.size());
        for (ResultRow row : after) {
            assertEquals(CellStatus.OK, row.status(), row.text(Column.REASON));
            assertEquals(3, row.integer(Column.FORKS).orElseThrow());
            if (row.text(Column.WORKLOAD).equals("decode")) { // both its rounds were kept: the same numbers
                ResultRow old = before.stream().filter(b -> b.text(Column.PHASE).equals(row.text(Column.PHASE))
                        && b.text(Column.WORKLOAD).equals("decode")).findFirst().orElseThrow();
                assertEquals(old.text(Column.LATENCY_MEAN_MS), row.text(Column.LATENCY_MEAN_MS));
                assertEquals(old.text(Column.TOKENS_PER_S_ERROR), row.text(Column.TOKENS_PER_S_ERROR));
            }
        }
    }

    /**
     * A cell that has run the further forks decided is judged again on all its forks. test-paced takes 40, 41 and 42 ms
     * per forward pass in the three planned rounds: fork means 1 ms apart (2.4 %), whose 99.9 % half-width would reach
     * a 30 % target of tokens/s (23.1 % of the latency) at four forks (t(3) / 2 × 2.4 % = 15.7 %), not at three
     * (t(2) / √3 × 2.4 % = 44.4 %). Its fourth round takes 60 ms: the four forks' spread (20.8 %) then needs more than
     * max_forks 5, so the cell gets a fifth round, where one decision after the planned rounds stopped at four. The
     * planned forks ask for exactly four whenever their means' SD lies between 0.52 and 1.47 ms (1.3 % to 3.6 % of
     * 41.1), so a sleep's overshoot of a few tenths of a millisecond leaves the outcome alone.
     */
    @Test
    void aCellWhoseFurtherForksVaryMoreThanItsPlannedOnesIsJudgedAgain() throws IOException {
        Path paced = Files.writeString(tmp.resolve("paced.yaml"), """
                name: paced
                description: "dense-tiny prefill, three forks of one iteration, up to five for a 30 % target"
                jmh:
                  warmup_max: 0s
                  iterations: 1
                  iteration_time: 200ms
                  forks: 3
                  max_forks: 5
                  target_half_width: 0.3
                cell_timeout: 2m
                matrix:
                  - scenarios: [dense-tiny]
                    workloads: [prefill]
                    dtypes: [fp32]
                """);
        Path out = tmp.resolve("paced");
        CliRunner r = CliRunner.run("run", "--suite", paced.toString(), "--backends", "test-paced",
                "-O", "test-paced.pace_ms=40,41,42,60,40", "--out", out.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        List<String> rounds = r.out().lines().filter(l -> l.contains(", round "))
                .map(l -> l.replaceAll(".*, (round \\d+/\\d+) .*", "$1")).toList();
        assertEquals(List.of("round 1/3", "round 2/3", "round 3/3", "round 4/4", "round 5/5"), rounds, r.out());

        Path cellDir = cellDir(out, "prefill");
        long[] paces = {40, 41, 42, 60, 40};
        for (int round = 1; round <= 5; round++) {
            double forkMean = JSON.readTree(cellDir.resolve("round-" + round + ".json").toFile()).get("outcome")
                    .get("forks").get("latency").get(0).get("iterationMeans").get(0).asDouble();
            long pace = paces[round - 1];
            // a sleep lasts at least its time; how much longer is the host's, so no upper bound is asserted
            assertTrue(forkMean >= pace, "round " + round + ": " + forkMean + " ms");
        }
        ResultRow row = ResultsCsvReader.read(out.resolve("results.csv")).get(0);
        assertEquals(CellStatus.OK, row.status(), row.text(Column.REASON));
        assertEquals(5, row.integer(Column.FORKS).orElseThrow());
        assertTrue(row.text(Column.REASON).contains("5 forks: 3 planned and 2 more, which the forks' spread (judged"
                + " after the planned ones and again at each number decided) said tokens/s needs for a half-width"
                + " within 30.0 % here or on another backend of this scenario, workload and dtype (max_forks 5: the"
                + " most allowed, perhaps fewer than needed)"), row.text(Column.REASON));
        assertEquals("5\n", Files.readString(cellDir.resolve("forks.txt")));
    }

    @Test
    void aRoundThatFailsEndsItsCellWithThatRoundsReasonAndWhatTheFirstRoundLearnt() throws IOException {
        Path okFile = Files.writeString(tmp.resolve("flaky-ok"), "works");
        Path out = tmp.resolve("failing");
        // before the second round the backend is created three times (its probe, the accuracy pass, round 1's JMH
        // fork); the second round's fork is the fourth
        CliRunner r = CliRunner.run("run", "--suite", suite.toString(), "--backends", "test-flaky",
                "--workloads", "prefill", "-O", "test-flaky.ok_file=" + okFile, "-O", "test-flaky.ok_creations=3",
                "-O", "test-flaky.count_file=" + tmp.resolve("creations"), "--out", out.toString());
        assertEquals(ExitCode.CELLS_FAILED, r.exitCode(), r.out() + r.err());
        List<ResultRow> rows = ResultsCsvReader.read(out.resolve("results.csv"));
        assertEquals(1, rows.size());
        ResultRow row = rows.get(0);
        assertEquals(CellStatus.FAILED, row.status());
        assertTrue(row.text(Column.REASON).startsWith("round 2 of 2: ")
                && row.text(Column.REASON).contains("failing on purpose at creation 4"), row.text(Column.REASON));
        assertFalse(row.text(Column.RUNTIME_VERSION).isEmpty(), "round 1 described the backend");
        assertTrue(row.text(Column.TOKENS_PER_S).isEmpty(), "a failed cell has no speed");
        assertTrue(row.text(Column.COMPILE_S).isEmpty(), "nor a compile time: only OK rows carry the session's");
        Path cellDir = cellDir(out, "prefill");
        assertTrue(Files.exists(cellDir.resolve("round-1.json")));
        assertFalse(Files.exists(cellDir.resolve("round-2.json")), "only OK rounds are kept for a resume");
    }

    private static Path cellDir(Path run, String workload) throws IOException {
        try (Stream<Path> cells = Files.list(run.resolve("cells"))) {
            return cells.filter(c -> c.getFileName().toString().contains("-" + workload + "-")
                    && !c.getFileName().toString().startsWith("oracle")).findFirst().orElseThrow();
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
