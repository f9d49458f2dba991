package dev.portbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portbench.harness.run.RunLayout;
import dev.portbench.harness.run.SuiteRunner;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.Npy;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import dev.portbench.scenarios.Dtype;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate never passes without evidence, end to end through the CLI: (a) a run whose fp64 oracle times out (its own
 * time limit set to 1 ms, so its JVM is killed through the real timeout path) still measures its cells, writes them
 * without drift and with the reason, exits 1, and the gate fails their drift check; (b) a backend whose logits hold a
 * NaN gets {@code NaN} drift in results.csv (prefill, and both rows of decode), a reason with the count, and a
 * failing gate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GateEvidenceEndToEndTest {

    private static final String[] SHORT_JMH = {"--warmup-max", "0s", "--iterations", "2", "--time", "100ms"};

    @TempDir
    static Path tmp;

    private Path oracleTimedOut;
    private CliRunner oracleRun;
    private Path withNaN;
    private CliRunner nanRun;

    @BeforeAll
    void runBoth() {
        oracleTimedOut = tmp.resolve("oracle-timeout");
        System.setProperty(SuiteRunner.ORACLE_TIMEOUT_PROPERTY, "1");
        try {
            oracleRun = run(oracleTimedOut, "onnxruntime-cpu,reference-fp64", "prefill");
        } finally {
            System.clearProperty(SuiteRunner.ORACLE_TIMEOUT_PROPERTY);
        }
        withNaN = tmp.resolve("nan");
        nanRun = run(withNaN, "onnxruntime-cpu,test-nan", "prefill,decode");
    }

    private static CliRunner run(Path out, String backends, String workloads) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--scenarios", "dense-tiny", "--workloads",
                workloads, "--dtypes", "fp32", "--backends", backends, "--out", out.toString()));
        args.addAll(List.of(SHORT_JMH));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void aTimedOutOracleLeavesOkCellsWithoutDriftAndTheRunExitsOne() throws IOException {
        String expectedReason = "no drift: fp64 oracle TIMEOUT: cell exceeded its time limit of 1 ms and was killed";
        assertEquals(1, oracleRun.exitCode(), oracleRun.out() + oracleRun.err());
        assertTrue(oracleRun.out().contains("drift reference failed, its cells have no drift: dense-tiny prefill: "
                + "fp64 oracle TIMEOUT: cell exceeded its time limit of 1 ms"), oracleRun.out());
        assertTrue(oracleRun.out().contains("2 OK rows without drift"), oracleRun.out());
        List<ResultRow> rows = ResultsCsvReader.read(oracleTimedOut.resolve("results.csv"));
        assertEquals(2, rows.size());
        for (ResultRow row : rows) {
            // measured like any other cell ...
            assertEquals(CellStatus.OK, row.status(), row.toString());
            assertTrue(row.decimal(Column.TOKENS_PER_S).orElseThrow() > 0, row.toString());
            // ... but nothing to compare against
            assertTrue(row.text(Column.REASON).startsWith(expectedReason), row.text(Column.REASON));
            for (Column c : List.of(Column.MAX_ABS_ERR, Column.REL_L2, Column.COSINE, Column.KL,
                    Column.TOP1_AGREEMENT, Column.DRIFT_REFERENCE)) {
                assertEquals("", row.text(c), c.csvName());
            }
        }
    }

    @Test
    void theGateFailsTheDriftOfEveryCellOfTheTimedOutOracle() {
        CliRunner gate = CliRunner.run("gate", "--baseline", oracleTimedOut.toString(), "--candidate",
                oracleTimedOut.toString());
        assertEquals(1, gate.exitCode(), gate.out() + gate.err());
        List<String> failures = gate.out().lines().filter(l -> l.startsWith("FAIL ")).toList();
        assertEquals(2, failures.size(), gate.out());
        for (String backend : List.of("onnxruntime-cpu", "reference-fp64")) {
            String prefix = "FAIL drift      dense-tiny/prefill/prefill/fp32/" + backend + ": no drift recorded for an "
                    + "OK cell (max_abs_err, rel_l2, cosine, kl, top1_agreement empty in ";
            assertTrue(failures.stream().anyMatch(l -> l.startsWith(prefix) && l.contains("): no drift: fp64 oracle "
                    + "TIMEOUT: cell exceeded its time limit of 1 ms")), backend + "\n" + gate.out());
        }
    }

    @Test
    void againstAGoodBaselineTheCandidateWithoutDriftFailsToo() {
        CliRunner gate = CliRunner.run("gate", "--baseline", withNaN.toString(), "--candidate",
                oracleTimedOut.toString(), "--baseline-backend", "onnxruntime-cpu", "--candidate-backend",
                "onnxruntime-cpu");
        assertEquals(1, gate.exitCode(), gate.out() + gate.err());
        // (the baseline's decode cells are missing from the candidate too: presence failures, not drift)
        assertEquals(List.of("FAIL drift      dense-tiny/prefill/prefill/fp32/onnxruntime-cpu: no drift recorded"),
                gate.out().lines().filter(l -> l.startsWith("FAIL drift ")).map(l -> l.substring(0,
                        l.indexOf(" for an OK"))).toList(), gate.out());
    }

    @Test
    void aNaNInTheLogitsIsWrittenAsNaNWithItsCountInTheReason() throws IOException {
        assertEquals(0, nanRun.exitCode(), "the run did its job: NaN is a finding for the gate\n" + nanRun.out()
                + nanRun.err());
        // counted here, from the outputs the cell saved
        double[] logits = Npy.read(RunLayout.logits(new RunLayout(withNaN).outputs("dense-tiny", "prefill", Dtype.FP32,
                "test-nan"))).floats();
        long nan = java.util.Arrays.stream(logits).filter(Double::isNaN).count();
        assertEquals(1, nan, "test-nan plants one NaN per forward pass, and the accuracy pass is one forward");

        CSVRecord record = rawRecord(withNaN, "test-nan", "prefill", "prefill");
        for (Column c : List.of(Column.MAX_ABS_ERR, Column.REL_L2, Column.COSINE, Column.KL)) {
            assertEquals("NaN", record.get(c.csvName()), c.csvName());
        }
        assertEquals("non-finite outputs: logits.npy holds " + nan + " NaN of " + logits.length + " values",
                RowReasons.withoutHostNotes(record.get(Column.REASON.csvName())));
        assertEquals(CellStatus.OK.name(), record.get(Column.STATUS.csvName()));
        assertEquals("reference-fp64", record.get(Column.DRIFT_REFERENCE.csvName()));
        // the other backend of the same run is unaffected
        CSVRecord ort = rawRecord(withNaN, "onnxruntime-cpu", "prefill", "prefill");
        assertTrue(Double.parseDouble(ort.get(Column.REL_L2.csvName())) < 1e-5, ort.toString());
        assertEquals("", RowReasons.withoutHostNotes(ort.get(Column.REASON.csvName())));

        ResultRow read = ResultsCsvReader.read(withNaN.resolve("results.csv")).stream()
                .filter(r -> r.text(Column.BACKEND).equals("test-nan") && r.text(Column.WORKLOAD).equals("prefill"))
                .findFirst().orElseThrow();
        assertTrue(Double.isNaN(read.decimal(Column.REL_L2).orElseThrow()), "read back as NaN, not as missing");
    }

    @Test
    void aNaNInTheDecodeOutputsIsNaNInBothPhaseRowsWithBothFilesCounted() throws IOException {
        Path outputs = new RunLayout(withNaN).outputs("dense-tiny", "decode", Dtype.FP32, "test-nan");
        double[] prompt = Npy.read(RunLayout.logits(outputs)).floats();
        double[] steps = Npy.read(RunLayout.stepLogits(outputs)).floats();
        long promptNaN = java.util.Arrays.stream(prompt).filter(Double::isNaN).count();
        long stepsNaN = java.util.Arrays.stream(steps).filter(Double::isNaN).count();
        assertTrue(promptNaN > 0 && stepsNaN > 0, promptNaN + " " + stepsNaN);
        String reason = "non-finite outputs: logits.npy holds " + promptNaN + " NaN of " + prompt.length
                + " values; step_logits.npy holds " + stepsNaN + " NaN of " + steps.length + " values";
        for (String phase : List.of("prefill", "decode")) {
            CSVRecord record = rawRecord(withNaN, "test-nan", "decode", phase);
            assertEquals(CellStatus.OK.name(), record.get(Column.STATUS.csvName()), phase);
            assertEquals("NaN", record.get(Column.REL_L2.csvName()), phase);
            assertEquals("NaN", record.get(Column.COSINE.csvName()), phase);
            assertEquals(reason, RowReasons.withoutHostNotes(record.get(Column.REASON.csvName())), phase);
        }
    }

    @Test
    void theGateFailsTheNaNBackendsDriftAndPassesTheOther() {
        CliRunner gate = CliRunner.run("gate", "--baseline", withNaN.toString(), "--candidate", withNaN.toString());
        assertEquals(1, gate.exitCode(), gate.out() + gate.err());
        List<String> failures = gate.out().lines().filter(l -> l.startsWith("FAIL ")).toList();
        assertEquals(List.of("dense-tiny/decode/decode/fp32/test-nan", "dense-tiny/decode/prefill/fp32/test-nan",
                "dense-tiny/prefill/prefill/fp32/test-nan"), failures.stream().filter(l -> l.startsWith("FAIL drift "))
                        .map(l -> l.substring(16, l.indexOf(": "))).sorted().toList(), gate.out());
        assertEquals(3, failures.size(), gate.out());
        failures = failures.stream().filter(l -> l.contains("/prefill/prefill/")).toList();
        assertTrue(failures.get(0).startsWith("FAIL drift      dense-tiny/prefill/prefill/fp32/test-nan: max_abs_err "
                + "NaN, rel_l2 NaN, cosine NaN, kl NaN: the outputs are not finite, which fails whatever the budget ("),
                failures.get(0));
        String line = RowReasons.withoutHostNotes(failures.get(0));
        assertTrue(line.endsWith("): non-finite outputs: logits.npy holds 1 NaN of "
                + (line.replaceAll(".* NaN of (\\d+) values$", "$1")) + " values"), failures.get(0));
        assertEquals(3, gate.out().lines().filter(l -> l.startsWith("PASS drift      dense-tiny/")
                && l.contains("/fp32/onnxruntime-cpu: rel_l2 ")).count(), gate.out());
    }

    /** The row of {@code backend} exactly as results.csv holds it, text for text. */
    private static CSVRecord rawRecord(Path run, String backend, String workload, String phase) throws IOException {
        try (Reader reader = Files.newBufferedReader(run.resolve("results.csv"))) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).stream()
                    .filter(r -> r.get(Column.BACKEND.csvName()).equals(backend)
                            && r.get(Column.WORKLOAD.csvName()).equals(workload)
                            && r.get(Column.PHASE.csvName()).equals(phase)).findFirst().orElseThrow();
        }
    }
}
