package dev.portbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ColumnTest {

    @Test
    void csvNamesAreTheContractInOrder() {
        List<String> contract = List.of("schema_version", "run_id", "suite", "host", "started_utc", "scenario",
                "workload", "phase", "batch", "seq_len", "new_tokens", "layers", "dtype", "backend", "runtime_version", "device",
                "threads", "backend_options", "status", "reason", "tokens_per_s", "tokens_per_s_error",
                "latency_mean_ms", "latency_p50_ms", "latency_p90_ms", "latency_p99_ms", "latency_samples", "ttft_ms",
                "ttft_ms_error", "tpot_ms", "tpot_ms_error", "steady", "warmup_s", "forks", "iterations",
                "interval_basis", "host_busy", "peak_rss_mb", "weights_mb", "max_abs_err", "rel_l2",
                "cosine", "kl", "top1_agreement", "routing_agreement", "tokens_to_divergence", "drift_reference",
                "cell_wall_s", "compile_s", "accel_node_share", "accel_time_share", "fallback_ops",
                "device_mem_peak_mb", "avg_power_w", "energy_j_per_token", "energy_source", "rss_growth_mb",
                "telemetry_note", "achieved_gflops", "peak_fraction", "achieved_gbps", "bw_fraction");
        assertEquals(contract, Stream.of(Column.values()).map(Column::csvName).toList());
    }

    @Test
    void kindsDecideHowCellsAreParsed() {
        List<Column> integers = List.of(Column.SCHEMA_VERSION, Column.BATCH, Column.SEQ_LEN, Column.NEW_TOKENS, Column.LAYERS,
                Column.THREADS, Column.LATENCY_SAMPLES, Column.TOKENS_TO_DIVERGENCE, Column.FORKS, Column.ITERATIONS);
        List<Column> texts = List.of(Column.DRIFT_REFERENCE, Column.STEADY, Column.INTERVAL_BASIS, Column.HOST_BUSY,
                Column.FALLBACK_OPS, Column.ENERGY_SOURCE, Column.TELEMETRY_NOTE);
        for (Column column : Column.values()) {
            Column.Kind expected;
            if (integers.contains(column)) {
                expected = Column.Kind.INTEGER;
            } else if (texts.contains(column)) {
                expected = Column.Kind.TEXT;
            } else if (integers.contains(column)) {
                expected = Column.Kind.INTEGER;
            } else if (column.ordinal() >= Column.TOKENS_PER_S.ordinal()) {
                expected = Column.Kind.DECIMAL;
            } else {
                expected = Column.Kind.TEXT;
            }
            assertEquals(expected, column.kind(), column.csvName());
        }
    }

    @Test
    void fromCsvNameFindsExactNamesOnly() {
        assertEquals(Optional.of(Column.LATENCY_P99_MS), Column.fromCsvName("latency_p99_ms"));
        assertEquals(Optional.of(Column.KL), Column.fromCsvName("kl"));
        assertTrue(Column.fromCsvName("LATENCY_P99_MS").isEmpty());
        assertTrue(Column.fromCsvName("latency_p95_ms").isEmpty());
        assertTrue(Column.fromCsvName(null).isEmpty());
    }
}
