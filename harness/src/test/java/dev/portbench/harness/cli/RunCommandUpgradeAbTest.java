package dev.portbench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.harness.run.RunLayout;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.Npy;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import dev.portbench.scenarios.Dtype;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upgrade A/B end to end: the tiny pair, prefill and decode in fp32, on two ONNX Runtime versions (the parent
 * pom's onnxruntime.ab.version and onnxruntime.version, which surefire passes in) as two backends in one suite, plus a
 * version that is nowhere on this machine. Each cell runs in a JVM with its version's jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunCommandUpgradeAbTest {
    private static final String OLD_VERSION = System.getProperty("portbench.test.onnxruntime.ab.version");
    private static final String NEW_VERSION = System.getProperty("portbench.test.onnxruntime.version");
    private static final String OLD = "onnxruntime-cpu@" + OLD_VERSION;
    private static final String NEW = "onnxruntime-cpu@" + NEW_VERSION;
    private static final String ABSENT = "onnxruntime-cpu@0.0.1";
    private static final List<String> SCENARIOS = List.of("dense-tiny", "moe-tiny");

    @TempDir
    static Path tmp;

    private Path runDir;
    private CliRunner result;
    private List<ResultRow> rows;

    @BeforeAll
    void runTheAb() throws IOException {
        assertNotEquals(OLD_VERSION, NEW_VERSION, "an A/B needs two versions");
        runDir = tmp.resolve("ab");
        result = CliRunner.run("run", "--scenarios", String.join(",", SCENARIOS),
                "--backends", String.join(",", OLD, NEW, ABSENT),
                "-O", "onnxruntime-cpu.intra_op_threads=1", "-O", OLD + ".graph_optimization_level=extended_opt",
                "--warmup-max", "0s", "--iterations", "1", "--time", "100ms", "--out", runDir.toString());
        rows = ResultsCsvReader.read(runDir.resolve("results.csv"));
    }

    @Test
    void everyCellOfBothVersionsIsOkAndReportsTheVersionItLoaded() {
        assertEquals(0, result.exitCode(), result.out() + result.err());
        // per scenario and backend: prefill 1 row, decode 2 rows; 2 scenarios × 3 backends
        assertEquals(18, rows.size());
        for (String backend : List.of(OLD, NEW)) {
            String version = backend.substring(backend.indexOf('@') + 1);
            List<ResultRow> mine = rows(backend);
            assertEquals(6, mine.size(), backend);
            for (ResultRow r : mine) {
                assertEquals(CellStatus.OK, r.status(), describe(r));
                assertEquals("onnxruntime " + version, r.text(Column.RUNTIME_VERSION), describe(r));
                boolean steps = r.text(Column.PHASE).equals("decode");
                assertTrue((steps ? r.decimal(Column.TPOT_MS) : r.decimal(Column.LATENCY_P50_MS)).getAsDouble() > 0,
                        "JMH timed " + describe(r));
            }
        }
    }

    @Test
    void bothVersionsMatchTheOracleAsTheBundledRuntimeDoes() {
        for (String backend : List.of(OLD, NEW)) {
            for (ResultRow r : rows(backend)) {
                assertEquals(CellStatus.OK, r.status(), describe(r));
                assertTrue(r.decimal(Column.REL_L2).getAsDouble() < 1e-5, describe(r));
                assertEquals(1.0, r.decimal(Column.TOP1_AGREEMENT).getAsDouble(), describe(r));
                if (r.text(Column.SCENARIO).equals("moe-tiny")) {
                    assertEquals(1.0, r.decimal(Column.ROUTING_AGREEMENT).getAsDouble(), describe(r));
                }
                if (r.text(Column.PHASE).equals("decode")) {
                    assertEquals(8, r.integer(Column.TOKENS_TO_DIVERGENCE).getAsLong(), describe(r));
                }
            }
        }
    }

    /** Drift between the versions themselves, from the outputs each saved under its versioned name. */
    @Test
    void theTwoVersionsLogitsAgreeWithEachOther() throws IOException {
        RunLayout layout = new RunLayout(runDir);
        for (String scenario : SCENARIOS) {
            for (String workload : List.of("prefill", "decode")) {
                Path old = RunLayout.logits(layout.outputs(scenario, workload, Dtype.FP32, OLD));
                Path neu = RunLayout.logits(layout.outputs(scenario, workload, Dtype.FP32, NEW));
                assertTrue(old.toString().contains("/" + OLD + "/"), old.toString());
                double[] a = Npy.read(old).floats();
                double[] b = Npy.read(neu).floats();
                assertEquals(a.length, b.length);
                double diff = 0;
                double norm = 0;
                for (int i = 0; i < a.length; i++) {
                    diff += (a[i] - b[i]) * (a[i] - b[i]);
                    norm += b[i] * b[i];
                }
                assertTrue(Math.sqrt(diff / norm) < 1e-5, scenario + " " + workload + ": rel_l2 between versions "
                        + Math.sqrt(diff / norm));
            }
        }
    }

    @Test
    void aVersionFoundNowhereIsSkippedNamingThePlacesAndTheVersionsThere() {
        List<ResultRow> absent = rows(ABSENT);
        assertEquals(6, absent.size());
        String runtimesDir = System.getProperty("portbench.runtimes.dir");
        for (ResultRow r : absent) {
            assertEquals(CellStatus.SKIPPED, r.status());
            String reason = r.text(Column.REASON);
            assertTrue(reason.startsWith(ABSENT + ": no onnxruntime-0.0.1.jar (com.microsoft.onnxruntime:onnxruntime"
                    + ":0.0.1) on this machine; runtimes directory " + runtimesDir + " has "), reason);
            assertTrue(reason.contains(OLD_VERSION) && reason.contains(NEW_VERSION), reason);
            assertTrue(reason.contains("local Maven repository"), reason);
            assertTrue(r.text(Column.RUNTIME_VERSION).isEmpty(), "no runtime was loaded");
        }
    }

    @Test
    void optionsForTheIdReachEveryVersionAndAVersionsOwnOnlyThatVersion() {
        for (ResultRow r : rows(OLD)) {
            assertEquals(CellStatus.OK, r.status(), describe(r));
            assertTrue(r.text(Column.BACKEND_OPTIONS).contains("graph_optimization_level=EXTENDED_OPT"), describe(r));
            assertTrue(r.text(Column.BACKEND_OPTIONS).contains("intra_op_threads=1"), describe(r));
        }
        for (ResultRow r : rows(NEW)) {
            assertEquals(CellStatus.OK, r.status(), describe(r));
            assertTrue(r.text(Column.BACKEND_OPTIONS).contains("graph_optimization_level=ALL_OPT"), describe(r));
            assertTrue(r.text(Column.BACKEND_OPTIONS).contains("intra_op_threads=1"), describe(r));
        }
    }

    @Test
    void envJsonRecordsTheJarEachVersionRanWith() throws IOException {
        JsonNode jars = new ObjectMapper().readTree(new RunLayout(runDir).env().toFile()).get("runtime_jars");
        assertEquals(3, jars.size());
        Map<String, String> expected = Map.of(OLD, OLD_VERSION, NEW, NEW_VERSION);
        for (JsonNode j : jars) {
            String backend = j.get("backend").asText();
            if (backend.equals(ABSENT)) {
                assertTrue(j.get("missing").asText().contains("no onnxruntime-0.0.1.jar"), j.toString());
                continue;
            }
            String version = expected.get(backend);
            assertEquals("com.microsoft.onnxruntime:onnxruntime:" + version, j.get("artifact").asText());
            Path jar = Path.of(j.get("jar").asText());
            assertEquals("onnxruntime-" + version + ".jar", jar.getFileName().toString());
            assertTrue(Files.isRegularFile(jar), jar.toString());
            assertEquals("runtimes directory", j.get("found_in").asText());
        }
    }

    @Test
    void theGateJudgesTheUpgradeCellByCellAndCompareMeasuresOneVersionsOutputsAgainstTheOther() throws IOException {
        Path junit = tmp.resolve("gate.xml");
        // two versions may differ in peak RSS for honest reasons; this test is about drift and throughput
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "memory:\n  max_peak_rss_growth: 1.0\n");
        CliRunner gate = CliRunner.run("gate", "--baseline", runDir.toString(), "--baseline-backend", OLD,
                "--candidate-backend", NEW, "--policy", policy.toString(), "--junit", junit.toString());
        List<String> lines = gate.out().lines().filter(l -> l.matches("(PASS|FAIL|WARN|SKIP) .*")).toList();
        assertEquals(6 * 7, lines.size(), gate.out()); // 6 rows per version, 7 checks each, no row of the absent one
        assertEquals(42, Files.readString(junit).split("<testcase ", -1).length - 1);
        // bit-identical outputs, one iteration (no interval): nothing can fail, and no drop can be ruled out
        assertEquals(0, gate.exitCode(), gate.out() + gate.err());
        for (String line : lines) {
            assertTrue(line.contains("/onnxruntime-cpu@" + NEW_VERSION + ": "), line); // named by the candidate
            if (line.startsWith("WARN settings ")) {
                // the run gave the old version an option of its own: the gate says the versions are not all it compares
                assertTrue(line.contains(": graph_optimization_level EXTENDED_OPT -> ALL_OPT ("), line);
            } else if (line.startsWith("WARN")) {
                // one measured iteration is too little to judge a 5% drop: the gate says so rather than passing it
                assertTrue(line.startsWith("WARN throughput ") && line.contains(": inconclusive"), line);
            } else if (line.startsWith("SKIP")) {
                // the CPU backend has no accelerator whose share the placement check could judge
                assertTrue(line.startsWith("SKIP placement ") && line.contains("no accelerator share"), line);
            } else {
                assertTrue(line.startsWith("PASS "), line);
            }
        }
        assertEquals(24, lines.stream().filter(l -> l.matches("PASS (drift|status|presence|memory) .*")).count(),
                gate.out());
        assertEquals(6, lines.stream().filter(l -> l.startsWith("WARN settings ")).count(), gate.out());
        assertEquals(6, lines.stream().filter(l -> l.startsWith("WARN throughput ")).count(), gate.out());
        assertEquals(6, lines.stream().filter(l -> l.startsWith("SKIP placement ")).count(), gate.out());

        Path csv = tmp.resolve("compare.csv");
        CliRunner compare = CliRunner.run("compare", runDir.toString(), runDir.toString(), "--baseline-backend", OLD,
                "--candidate-backend", NEW, "--out", csv.toString());
        assertEquals(0, compare.exitCode(), compare.err());
        try (var parser = org.apache.commons.csv.CSVParser.parse(csv, java.nio.charset.StandardCharsets.UTF_8,
                org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().get())) {
            var records = parser.getRecords();
            assertEquals(6, records.size());
            for (var record : records) {
                assertEquals("onnxruntime " + OLD_VERSION, record.get("baseline_runtime_version"));
                assertEquals("onnxruntime " + NEW_VERSION, record.get("candidate_runtime_version"));
                assertTrue(Double.parseDouble(record.get("output_rel_l2")) < 1e-5, record.toString());
                assertEquals("1", record.get("output_top1_agreement"), record.toString());
            }
        }
    }

    private static String describe(ResultRow r) {
        return r.text(Column.SCENARIO) + "/" + r.text(Column.WORKLOAD) + "/" + r.text(Column.PHASE) + "/"
                + r.text(Column.BACKEND) + ": " + r.text(Column.REASON);
    }

    private List<ResultRow> rows(String backend) {
        return rows.stream().filter(r -> r.text(Column.BACKEND).equals(backend)).toList();
    }
}
