package dev.portbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A non-finite drift is written as the literal NaN, read back as NaN, and never looks like agreement. */
class NonFiniteDriftTest {

    @TempDir
    Path dir;

    @Test
    void nanAndInfinitiesInADriftMetricAreWrittenAsNaNAndReadBackAsNaN() throws IOException {
        ResultRow row = ResultRowTest.sampleRow().toBuilder()
                .setDrift(Column.MAX_ABS_ERR, Double.POSITIVE_INFINITY)
                .setDrift(Column.REL_L2, Double.NaN)
                .setDrift(Column.COSINE, Double.NEGATIVE_INFINITY)
                .setDrift(Column.KL, 2.5e-7)
                .build();
        Path file = dir.resolve("results.csv");
        try (ResultsCsvWriter writer = ResultsCsvWriter.create(file)) {
            writer.append(row);
        }
        List<String> cells = List.of(Files.readAllLines(file, StandardCharsets.UTF_8).get(1).split(",", -1));
        assertEquals("NaN", cells.get(Column.MAX_ABS_ERR.ordinal()));
        assertEquals("NaN", cells.get(Column.REL_L2.ordinal()));
        assertEquals("NaN", cells.get(Column.COSINE.ordinal()));
        assertEquals("2.5E-7", cells.get(Column.KL.ordinal()));

        ResultRow read = ResultsCsvReader.read(file).get(0);
        assertEquals(row, read);
        assertTrue(Double.isNaN(read.decimal(Column.REL_L2).orElseThrow()), "NaN must read back as a value");
        assertEquals(OptionalDouble.of(2.5e-7), read.decimal(Column.KL));
    }

    @Test
    void nanIsRejectedOutsideTheDriftMetrics() throws IOException {
        IllegalArgumentException set = assertThrows(IllegalArgumentException.class,
                () -> ResultRow.builder().setDrift(Column.TOKENS_PER_S, Double.NaN));
        assertTrue(set.getMessage().startsWith("column tokens_per_s is not a drift metric; expected one of ["),
                set.getMessage());

        List<String> cells = new java.util.ArrayList<>(ResultRowTest.sampleRow().values());
        cells.set(Column.TOKENS_PER_S.ordinal(), "NaN");
        Path file = dir.resolve("results.csv");
        Files.writeString(file, String.join(",", ResultsSchema.header()) + "\n" + String.join(",", cells) + "\n");
        ResultsFormatException e = assertThrows(ResultsFormatException.class, () -> ResultsCsvReader.read(file));
        assertTrue(e.getMessage().contains("tokens_per_s") && e.getMessage().contains("NaN is allowed only in the "
                + "drift columns"), e.getMessage());
    }

    @Test
    void theOrdinarySetterStillWritesNaNAsNotMeasured() {
        // routing_agreement of a dense model is NaN from Drift.compute and means "does not apply": an empty cell
        ResultRow row = ResultRow.builder().set(Column.STATUS, CellStatus.OK).set(Column.ROUTING_AGREEMENT, Double.NaN)
                .build();
        assertEquals("", row.text(Column.ROUTING_AGREEMENT));
    }

    @Test
    void anInfinityInEitherOutputMakesTheContinuousMetricsNaN() {
        double[] r = {1, 2, 3, /* position 2 */ 3, 2, 1};
        double[] y = {1, 2, Double.POSITIVE_INFINITY, /* position 2 */ 3, 2, 1};
        DriftMetrics.Drift drift = DriftMetrics.Drift.compute(y, r, 3, null, null, 1);
        assertTrue(Double.isNaN(drift.maxAbsErr()), "max_abs_err " + drift.maxAbsErr());
        assertTrue(Double.isNaN(drift.relL2()), "rel_l2 " + drift.relL2());
        assertTrue(Double.isNaN(drift.cosine()), "cosine " + drift.cosine());
        assertTrue(Double.isNaN(drift.kl()), "kl " + drift.kl());
        // position 1 holds the infinity (no honest argmax), position 2 agrees
        assertEquals(0.5, drift.top1Agreement(), 0);

        DriftMetrics.Drift badOracle = DriftMetrics.Drift.compute(r, y, 3, null, null, 1);
        assertTrue(Double.isNaN(badOracle.relL2()), "rel_l2 " + badOracle.relL2());
    }

    @Test
    void aNaNAtTheFirstIndexNeverCountsAsAgreeingOnTopOne() {
        // argmax by '>' would keep index 0 when it holds NaN, which here equals the oracle's argmax
        double[] r = {9, 1, 2};
        double[] y = {Double.NaN, 1, 2};
        assertEquals(0.0, DriftMetrics.top1Agreement(y, r, 3), 0);
    }

    @Test
    void nonFiniteCountsNaNAndBothInfinities() {
        assertEquals(3, DriftMetrics.nonFinite(new double[] {Double.NaN, 1, Double.POSITIVE_INFINITY, -0.0,
            Double.NEGATIVE_INFINITY, Double.MAX_VALUE}));
        assertEquals(0, DriftMetrics.nonFinite(new double[] {0}));
    }
}
