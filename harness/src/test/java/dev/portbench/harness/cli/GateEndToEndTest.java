package dev.portbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import dev.portbench.results.ResultsCsvWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two honest runs of one build (the tiny decode workloads on ONNX Runtime, each cell in its own JVM under JMH), then
 * the gate: noise between them must not fail it, while a planted drift or a planted drop on a copy of the second
 * run must, naming the cell.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GateEndToEndTest {

    @TempDir
    static Path tmp;

    private Path first;
    private Path second;

    @BeforeAll
    void runTwice() {
        first = tmp.resolve("night-1");
        second = tmp.resolve("night-2");
        for (Path run : List.of(first, second)) {
            CliRunner r = CliRunner.run("run", "--scenarios", "dense-tiny,moe-tiny", "--workloads", "decode",
                    "--dtypes", "fp32", "--backends", "onnxruntime-cpu", "--warmup", "0", "--iterations", "3",
                    "--time", "100ms", "--out", run.toString());
            assertEquals(0, r.exitCode(), () -> r.out() + r.err() + results(run));
        }
    }

    private static String results(Path run) {
        try {
            return Files.readString(run.resolve("results.csv"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void noiseBetweenTwoHonestRunsDoesNotFailTheGate() throws IOException {
        Path junit = tmp.resolve("honest.xml");
        CliRunner r = CliRunner.run("gate", "--baseline", first.toString(), "--candidate", second.toString(),
                "--junit", junit.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        // 2 scenarios x 2 phases x 5 checks, one test case each
        assertEquals(20, Files.readString(junit).split("<testcase ", -1).length - 1);
        assertTrue(r.out().lines().filter(l -> l.startsWith("PASS drift ")).count() == 4, r.out());
    }

    @Test
    void aPlantedDriftAboveBudgetFailsAndNamesTheCell() throws IOException {
        Path planted = copy(second, "drift", row -> isCell(row, "moe-tiny", "decode")
                ? row.toBuilder().set(Column.REL_L2, 0.02).build() : row);
        CliRunner r = CliRunner.run("gate", "--baseline", first.toString(), "--candidate", planted.toString());
        assertEquals(1, r.exitCode(), r.out());
        List<String> failures = r.out().lines().filter(l -> l.startsWith("FAIL ")).toList();
        assertEquals(List.of("FAIL drift      moe-tiny/decode/decode/fp32/onnxruntime-cpu: rel_l2 0.02 > 1.00e-05"),
                failures.stream().map(l -> l.substring(0, l.indexOf(" > 1.00e-05") + 11)).toList(), r.out());
    }

    @Test
    void aPlantedTenPercentDropFailsWhereTheMeasurementCanSeeItAndIsNeverPassedSilently() throws IOException {
        ResultRow a = cell(first, "dense-tiny", "decode");
        // planted against the baseline, so the ratio is 0.9 whatever the machine did between the two runs
        Path planted = copy(second, "drop", row -> isCell(row, "dense-tiny", "decode")
                ? row.toBuilder().set(Column.TOKENS_PER_S, 0.9 * value(a, Column.TOKENS_PER_S)).build() : row);
        ResultRow b = cell(planted, "dense-tiny", "decode");
        // the gate's rule, recomputed here: significant (whole range below 1) and more than 5% down
        double ratio = value(b, Column.TOKENS_PER_S) / value(a, Column.TOKENS_PER_S);
        double high = (value(b, Column.TOKENS_PER_S) + value(b, Column.TOKENS_PER_S_ERROR))
                / (value(a, Column.TOKENS_PER_S) - value(a, Column.TOKENS_PER_S_ERROR));
        boolean detectable = value(a, Column.TOKENS_PER_S) > value(a, Column.TOKENS_PER_S_ERROR) && high < 1;
        assertEquals(0.9, ratio, 1e-6);

        CliRunner r = CliRunner.run("gate", "--baseline", first.toString(), "--candidate", planted.toString());
        String line = r.out().lines().filter(l -> l.contains("throughput dense-tiny/decode/decode/fp32/"))
                .findFirst().orElseThrow();
        if (detectable) {
            assertEquals(1, r.exitCode(), r.out());
            assertTrue(line.startsWith("FAIL throughput dense-tiny/decode/decode/fp32/onnxruntime-cpu: tokens/s "
                    + String.format(Locale.ROOT, "%.3fx", ratio)), line);
        } else {
            assertTrue(line.startsWith("WARN throughput dense-tiny/decode/decode/fp32/onnxruntime-cpu: inconclusive"),
                    line);
        }
    }

    private static boolean isCell(ResultRow row, String scenario, String phase) {
        return row.text(Column.SCENARIO).equals(scenario) && row.text(Column.PHASE).equals(phase)
                && row.status() == CellStatus.OK;
    }

    private static ResultRow cell(Path run, String scenario, String phase) throws IOException {
        return ResultsCsvReader.read(run.resolve("results.csv")).stream().filter(r -> isCell(r, scenario, phase))
                .findFirst().orElseThrow();
    }

    private static double value(ResultRow row, Column column) {
        return row.decimal(column).orElseThrow();
    }

    /** A copy of {@code run}'s results.csv with each row passed through {@code edit}. */
    private static Path copy(Path run, String name, UnaryOperator<ResultRow> edit) throws IOException {
        Path copy = Files.createDirectories(tmp.resolve(name));
        try (ResultsCsvWriter writer = ResultsCsvWriter.create(copy.resolve("results.csv"))) {
            for (ResultRow row : ResultsCsvReader.read(run.resolve("results.csv"))) {
                writer.append(edit.apply(row));
            }
        }
        return copy;
    }
}
