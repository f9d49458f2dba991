package dev.portbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ResultRowTest {

    /** A fully measured cell, shared by the CSV tests. */
    static ResultRow sampleRow() {
        return ResultRow.builder()
                .set(Column.RUN_ID, "2025-06-01-lab3")
                .set(Column.SUITE, "nightly")
                .set(Column.HOST, "lab3")
                .set(Column.STARTED_UTC, "2025-06-01T02:00:00Z")
                .set(Column.SCENARIO, "moe-tiny")
                .set(Column.PHASE, "prefill")
                .set(Column.BATCH, 4)
                .set(Column.SEQ_LEN, 128)
                .set(Column.DTYPE, "fp32")
                .set(Column.BACKEND, "onnxruntime-cpu")
                .set(Column.RUNTIME_VERSION, "1.29.0")
                .set(Column.DEVICE, "Intel Xeon")
                .set(Column.THREADS, 2)
                .set(Column.BACKEND_OPTIONS, "intra_op_threads=2;graph_optimization_level=ALL")
                .set(Column.STATUS, CellStatus.OK)
                .set(Column.TOKENS_PER_S, 1234.5678)
                .set(Column.TOKENS_PER_S_ERROR, 12.25)
                .set(Column.LATENCY_MEAN_MS, 414.7)
                .set(Column.LATENCY_P50_MS, 410.0)
                .set(Column.LATENCY_P90_MS, 430.5)
                .set(Column.LATENCY_P99_MS, 470.125)
                .set(Column.LATENCY_SAMPLES, 240)
                .set(Column.PEAK_RSS_MB, 812.5)
                .set(Column.WEIGHTS_MB, 96.0)
                .set(Column.MAX_ABS_ERR, 1.2345678e-7)
                .set(Column.REL_L2, 3.3e-8)
                .set(Column.COSINE, 0.99999)
                .set(Column.KL, 2.0e-12)
                .set(Column.TOP1_AGREEMENT, 1.0)
                .set(Column.ROUTING_AGREEMENT, 0.984375)
                .set(Column.CELL_WALL_S, 61.75)
                .build();
    }

    @Test
    void keepsTheFormattedTextAndParsesItBack() {
        ResultRow row = sampleRow();
        assertEquals("1234.5678", row.text(Column.TOKENS_PER_S));
        assertEquals("1.2345678E-7", row.text(Column.MAX_ABS_ERR));
        assertEquals("96", row.text(Column.WEIGHTS_MB));
        assertEquals("6", row.text(Column.SCHEMA_VERSION));
        assertEquals(OptionalDouble.of(1234.5678), row.decimal(Column.TOKENS_PER_S));
        assertEquals(OptionalDouble.of(1.2345678e-7), row.decimal(Column.MAX_ABS_ERR));
        assertEquals(OptionalLong.of(128), row.integer(Column.SEQ_LEN));
        assertEquals(OptionalDouble.of(128), row.decimal(Column.SEQ_LEN));
        assertEquals(CellStatus.OK, row.status());
        assertEquals("intra_op_threads=2;graph_optimization_level=ALL", row.text(Column.BACKEND_OPTIONS));
    }

    @Test
    void valuesFollowColumnOrderWithEmptyCellsForAbsentValues() {
        ResultRow row = ResultRow.builder().set(Column.STATUS, CellStatus.SKIPPED).set(Column.REASON, "no CUDA driver")
                .build();
        List<String> values = row.values();
        assertEquals(Column.values().length, values.size());
        assertEquals("6", values.get(0));
        assertEquals("SKIPPED", values.get(Column.STATUS.ordinal()));
        assertEquals("no CUDA driver", values.get(Column.REASON.ordinal()));
        assertEquals("", values.get(Column.TOKENS_PER_S.ordinal()));
        assertEquals(OptionalDouble.empty(), row.decimal(Column.TOKENS_PER_S));
        assertEquals(OptionalLong.empty(), row.integer(Column.BATCH));
        assertEquals("", row.text(Column.HOST));
    }

    @Test
    void nonFiniteDecimalsBecomeEmptyCells() {
        ResultRow row = ResultRow.builder().set(Column.STATUS, CellStatus.OK)
                .set(Column.ROUTING_AGREEMENT, Double.NaN)
                .set(Column.KL, Double.POSITIVE_INFINITY)
                .set(Column.COSINE, 0.5).set(Column.COSINE, Double.NEGATIVE_INFINITY) // overwrites an earlier value
                .build();
        assertEquals("", row.text(Column.ROUTING_AGREEMENT));
        assertEquals("", row.text(Column.KL));
        assertEquals("", row.text(Column.COSINE));
    }

    @Test
    void longsGoIntoDecimalColumnsToo() {
        ResultRow row = ResultRow.builder().set(Column.STATUS, CellStatus.OK).set(Column.WEIGHTS_MB, 2048L).build();
        assertEquals("2048", row.text(Column.WEIGHTS_MB));
    }

    @Test
    void setterKindMismatchesAreRejected() {
        ResultRow.Builder builder = ResultRow.builder();
        IllegalArgumentException doubleInInteger = assertThrows(IllegalArgumentException.class,
                () -> builder.set(Column.BATCH, 1.5));
        assertTrue(doubleInInteger.getMessage().contains("batch"), doubleInInteger.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.set(Column.HOST, 3L));
        assertThrows(IllegalArgumentException.class, () -> builder.set(Column.REASON, CellStatus.FAILED));
        assertThrows(IllegalArgumentException.class, () -> builder.set(Column.BATCH, "four"));
        assertThrows(IllegalArgumentException.class, () -> builder.set(Column.TOKENS_PER_S, "1,5"));
        assertThrows(IllegalArgumentException.class, () -> builder.set(Column.STATUS, "ok"));
        assertThrows(IllegalArgumentException.class, () -> builder.set(Column.STARTED_UTC, "yesterday"));
        assertThrows(IllegalArgumentException.class, () -> sampleRow().integer(Column.TOKENS_PER_S));
        assertThrows(IllegalArgumentException.class, () -> sampleRow().decimal(Column.HOST));
    }

    @Test
    void theBuilderOwnsTheSchemaVersion() {
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> ResultRow.builder().set(Column.SCHEMA_VERSION, 1L));
        assertTrue(other.getMessage().contains("1") && other.getMessage().contains("schema version 6"),
                other.getMessage());
        ResultRow row = ResultRow.builder().set(Column.SCHEMA_VERSION, (String) null).set(Column.SCHEMA_VERSION, "6")
                .set(Column.STATUS, CellStatus.OK).build();
        assertEquals("6", row.text(Column.SCHEMA_VERSION));
    }

    @Test
    void statusIsRequired() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ResultRow.builder().build());
        assertTrue(e.getMessage().contains("status"), e.getMessage());
    }

    @Test
    void rowsAreImmutableValues() {
        ResultRow.Builder builder = ResultRow.builder().set(Column.STATUS, CellStatus.TIMEOUT);
        ResultRow first = builder.build();
        builder.set(Column.REASON, "exceeded 600 s");
        assertEquals("", first.text(Column.REASON)); // the builder's later change does not leak in
        assertThrows(UnsupportedOperationException.class, () -> first.values().set(0, "2"));

        assertEquals(sampleRow(), sampleRow());
        assertEquals(sampleRow().hashCode(), sampleRow().hashCode());
        assertNotEquals(sampleRow(), sampleRow().toBuilder().set(Column.THREADS, 4).build());
        assertEquals(sampleRow(), sampleRow().toBuilder().build());
    }

    @Test
    void toStringShowsTheFilledCells() {
        String text = ResultRow.builder().set(Column.STATUS, CellStatus.FAILED).set(Column.REASON, "SIGSEGV").build()
                .toString();
        assertEquals("ResultRow{schema_version=6, status=FAILED, reason=SIGSEGV}", text);
    }

    @Test
    void aNegativeThroughputTimeOrSizeIsRefusedWhereADriftOrAGrowthMayBeNegative() {
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> ResultRow.builder().set(Column.TOKENS_PER_S, -5.0));
        assertEquals("column tokens_per_s: expected a number of 0 or more, got \"-5\"", rate.getMessage());
        IllegalArgumentException time = assertThrows(IllegalArgumentException.class,
                () -> ResultRow.builder().set(Column.LATENCY_P50_MS, "-0.1"));
        assertEquals("column latency_p50_ms: expected a number of 0 or more, got \"-0.1\"", time.getMessage());
        // outputs pointing away from the reference's, and a resident set that shrank, are measurements
        ResultRow row = ResultRow.builder().set(Column.STATUS, CellStatus.OK).set(Column.COSINE, -0.5)
                .set(Column.RSS_GROWTH_MB, -3.0).set(Column.TOKENS_PER_S, 0.0).build();
        assertEquals(OptionalDouble.of(-0.5), row.decimal(Column.COSINE));
        assertEquals(OptionalDouble.of(-3.0), row.decimal(Column.RSS_GROWTH_MB));
    }
}
