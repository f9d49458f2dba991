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
 * The gate on one real run (the tiny decode workloads on ONNX Runtime, each cell in its own JVM under JMH) against
 * copies of it: unchanged it passes; a planted drift or a planted drop with known intervals fails, naming the cell.
 * No verdict here depends on how fast the machine was: the gate's statistics are tested on planted numbers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GateEndToEndTest {

    @TempDir
    static Path tmp;

    /** One real run; every other run here is a copy of it with planted changes, so no verdict depends on speed. */
    private Path first;

    @BeforeAll
    void runOnce() {
        first = tmp.resolve("night-1");
        CliRunner r = CliRunner.run("run", "--scenarios", "dense-tiny,moe-tiny", "--workloads", "decode",
                "--dtypes", "fp32", "--backends", "onnxruntime-cpu", "--warmup-max", "0s", "--iterations", "3",
                "--time", "100ms", "--out", first.toString());
        assertEquals(0, r.exitCode(), () -> r.out() + r.err() + results(first));
    }

    private static String results(Path run) {
        try {
            return Files.readString(run.resolve("results.csv"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void aRunGatedAgainstAnUnchangedCopyPassesEveryCheck() throws IOException {
        // errors of 1% on both sides: the ratio 1 has the range 0.98 .. 1.02, no drop over 5%
        UnaryOperator<ResultRow> onePercent = row -> row.decimal(Column.TOKENS_PER_S).isPresent()
                ? row.toBuilder().set(Column.TOKENS_PER_S_ERROR, 0.01 * value(row, Column.TOKENS_PER_S)).build() : row;
        Path baseline = copy(first, "unchanged-a", onePercent);
        Path same = copy(first, "unchanged-b", onePercent);
        Path junit = tmp.resolve("unchanged.xml");
        CliRunner r = CliRunner.run("gate", "--baseline", baseline.toString(), "--candidate", same.toString(),
                "--junit", junit.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        // 2 scenarios x 2 phases x 7 checks, one test case each
        assertEquals(28, Files.readString(junit).split("<testcase ", -1).length - 1);
        List<String> verdicts = r.out().lines().filter(l -> l.matches("(PASS|FAIL|WARN|SKIP) .*")).toList();
        assertEquals(28, verdicts.size(), r.out());
        for (String line : verdicts) {
            // the CPU backend has no accelerator share: placement is not applicable, everything else passes
            assertTrue(line.startsWith(line.contains(" placement ") ? "SKIP " : "PASS "), line);
        }
    }

    @Test
    void aPlantedDriftAboveBudgetFailsAndNamesTheCell() throws IOException {
        Path planted = copy(first, "drift", row -> isCell(row, "moe-tiny", "decode")
                ? row.toBuilder().set(Column.REL_L2, 0.02).build() : row);
        CliRunner r = CliRunner.run("gate", "--baseline", first.toString(), "--candidate", planted.toString());
        assertEquals(1, r.exitCode(), r.out());
        List<String> failures = r.out().lines().filter(l -> l.startsWith("FAIL ")).toList();
        assertEquals(List.of("FAIL drift      moe-tiny/decode/decode/fp32/onnxruntime-cpu: rel_l2 0.02 > 1.00e-05"),
                failures.stream().map(l -> l.substring(0, l.indexOf(" > 1.00e-05") + 11)).toList(), r.out());
    }

    /**
     * A 10% drop planted with known intervals on both sides: ±1% makes it significant (FAIL); ±20% makes it
     * impossible to tell from noise (WARN, never a silent PASS). The tokens/s come from the real run.
     */
    @Test
    void aPlantedTenPercentDropFailsWhenItsIntervalShowsItAndIsInconclusiveWhenItCannot() throws IOException {
        double a = value(cell(first, "dense-tiny", "decode"), Column.TOKENS_PER_S);
        for (double relativeError : new double[] {0.01, 0.20}) {
            Path baseline = copy(first, "base-" + relativeError, row -> isCell(row, "dense-tiny", "decode")
                    ? row.toBuilder().set(Column.TOKENS_PER_S_ERROR, relativeError * a).build() : row);
            Path planted = copy(first, "drop-" + relativeError, row -> isCell(row, "dense-tiny", "decode")
                    ? row.toBuilder().set(Column.TOKENS_PER_S, 0.9 * a)
                            .set(Column.TOKENS_PER_S_ERROR, relativeError * 0.9 * a).build() : row);
            CliRunner r = CliRunner.run("gate", "--baseline", baseline.toString(), "--candidate", planted.toString());
            String line = r.out().lines().filter(l -> l.contains("throughput dense-tiny/decode/decode/fp32/"))
                    .findFirst().orElseThrow();
            if (relativeError == 0.01) {
                // range (0.9 · 0.99) / 1.01 .. (0.9 · 1.01) / 0.99 = 0.882 .. 0.918: wholly below 0.95
                assertEquals(1, r.exitCode(), r.out());
                assertTrue(line.startsWith("FAIL throughput dense-tiny/decode/decode/fp32/onnxruntime-cpu: tokens/s "
                        + String.format(Locale.ROOT, "%.3fx", 0.9)), line);
            } else {
                // range 0.9 · 0.8 / 1.2 .. 0.9 · 1.2 / 0.8 = 0.60 .. 1.35: a drop over 5% cannot be ruled in or out
                assertEquals(0, r.exitCode(), r.out());
                assertTrue(line.startsWith("WARN throughput dense-tiny/decode/decode/fp32/onnxruntime-cpu: inconclusive"),
                        line);
            }
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
