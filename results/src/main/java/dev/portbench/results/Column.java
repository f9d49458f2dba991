package dev.portbench.results;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The columns of {@code results.csv}, in the order they are written.
 *
 * <p>The declaration order IS the file's column order and the CSV name is derived from the constant's name, so adding,
 * removing, renaming or reordering a constant changes the contract and must bump {@link ResultsSchema#VERSION}
 * (see docs/results-schema.md). Units live in the names ({@code _ms}, {@code _mb}, {@code _s}).
 */
public enum Column {
    SCHEMA_VERSION(Kind.INTEGER),
    RUN_ID(Kind.TEXT),
    SUITE(Kind.TEXT),
    HOST(Kind.TEXT),
    /** ISO-8601 instant, e.g. {@code 2025-06-01T02:00:00Z}. */
    STARTED_UTC(Kind.TEXT),
    SCENARIO(Kind.TEXT),
    /** The scenario's workload the cell ran, e.g. {@code prefill} or {@code decode}. */
    WORKLOAD(Kind.TEXT),
    /** What this row measures: {@code prefill} (a prompt pass, or a decode workload's time to first token) or
     *  {@code decode} (a decode workload's steps after the first token). */
    PHASE(Kind.TEXT),
    BATCH(Kind.INTEGER),
    /** The prompt length (tokens per sequence of the prefill). */
    SEQ_LEN(Kind.INTEGER),
    /** Greedily generated tokens per sequence; 0 for prefill workloads. */
    NEW_TOKENS(Kind.INTEGER),
    /** Decoder layers the cell ran: the scenario's, or those kept of a checkpoint's ({@code --layers}). */
    LAYERS(Kind.INTEGER),
    DTYPE(Kind.TEXT),
    BACKEND(Kind.TEXT),
    RUNTIME_VERSION(Kind.TEXT),
    DEVICE(Kind.TEXT),
    THREADS(Kind.INTEGER),
    BACKEND_OPTIONS(Kind.TEXT),
    /** One of {@link CellStatus}'s names. */
    STATUS(Kind.TEXT),
    REASON(Kind.TEXT),
    TOKENS_PER_S(Kind.DECIMAL),
    TOKENS_PER_S_ERROR(Kind.DECIMAL),
    LATENCY_MEAN_MS(Kind.DECIMAL),
    LATENCY_P50_MS(Kind.DECIMAL),
    LATENCY_P90_MS(Kind.DECIMAL),
    LATENCY_P99_MS(Kind.DECIMAL),
    LATENCY_SAMPLES(Kind.INTEGER),
    /** Time to first token: the prompt's forward pass; decode workloads' prefill rows. */
    TTFT_MS(Kind.DECIMAL),
    TTFT_MS_ERROR(Kind.DECIMAL),
    /** Time per output token: one KV-cache step; decode workloads' decode rows. */
    TPOT_MS(Kind.DECIMAL),
    TPOT_MS_ERROR(Kind.DECIMAL),
    /** {@code false} when the measured iterations trend by more than 5% with a significant slope (the reason gives
     *  the change and p), else {@code true}; empty when too few iterations to judge. */
    STEADY(Kind.TEXT),
    /** Longest steady-state warm-up of the row's benchmark over its forks, seconds. */
    WARMUP_S(Kind.DECIMAL),
    /** JVM forks that measured the row, and measured iterations per fork. */
    FORKS(Kind.INTEGER),
    ITERATIONS(Kind.INTEGER),
    /** How the 99.9% interval was made: {@code pooled}, {@code between-forks}, {@code one-fork} or {@code none}. */
    INTERVAL_BASIS(Kind.TEXT),
    /** {@code true} when other processes or the hypervisor (steal) took CPU while the cell ran (the reason says
     *  which); OK rows only. */
    HOST_BUSY(Kind.TEXT),
    PEAK_RSS_MB(Kind.DECIMAL),
    WEIGHTS_MB(Kind.DECIMAL),
    MAX_ABS_ERR(Kind.DECIMAL),
    REL_L2(Kind.DECIMAL),
    COSINE(Kind.DECIMAL),
    KL(Kind.DECIMAL),
    TOP1_AGREEMENT(Kind.DECIMAL),
    ROUTING_AGREEMENT(Kind.DECIMAL),
    /** Decode rows: the first step whose greedy token differs from the reference's, new_tokens if none does. */
    TOKENS_TO_DIVERGENCE(Kind.INTEGER),
    /** What the drift columns compare against: the fp64 oracle, or a bring-your-own model's reference backend. */
    DRIFT_REFERENCE(Kind.TEXT),
    CELL_WALL_S(Kind.DECIMAL),
    /** Seconds the backend took to create the cell's session (graph optimisation, engine build, compilation). */
    COMPILE_S(Kind.DECIMAL),
    /** Share of the graph's nodes, and of its kernel time, that the backend's accelerator ran (accuracy pass); empty
     *  for CPU backends. */
    ACCEL_NODE_SHARE(Kind.DECIMAL),
    ACCEL_TIME_SHARE(Kind.DECIMAL),
    /** Operators an accelerator backend ran on the CPU, sorted, space-separated. */
    FALLBACK_OPS(Kind.TEXT),
    /** Device memory in use at its peak over the measured iterations (NVML, npu-smi); empty for CPU backends. */
    DEVICE_MEM_PEAK_MB(Kind.DECIMAL),
    /** Mean power of the measured device over the measured iterations: energy over their wall time. */
    AVG_POWER_W(Kind.DECIMAL),
    /** Energy per token: the measured iterations' energy over the tokens their calls processed. */
    ENERGY_J_PER_TOKEN(Kind.DECIMAL),
    /** Where the energy came from: {@code nvml} (the driver's counter), {@code npu-smi} (power integrated over
     *  time), {@code rapl} (the CPU package counters), or empty. */
    ENERGY_SOURCE(Kind.TEXT),
    /** Largest rise of the benchmark JVM's resident set over its value when the measured iterations began. */
    RSS_GROWTH_MB(Kind.DECIMAL),
    /** Why telemetry columns are empty or what limits them (no driver, unreadable counters, integrated power). */
    TELEMETRY_NOTE(Kind.TEXT),
    /** FLOP/s of the row's calls: the forward pass's FLOPs counted from the model spec over the mean time. */
    ACHIEVED_GFLOPS(Kind.DECIMAL),
    /** achieved_gflops over the machine's GEMM peak measured at the run's start in the row's arithmetic. */
    PEAK_FRACTION(Kind.DECIMAL),
    /** Bytes per second the calls had to move at least (weights touched, KV cache), counted from the model spec. */
    ACHIEVED_GBPS(Kind.DECIMAL),
    /** achieved_gbps over the machine's memory bandwidth measured at the run's start. */
    BW_FRACTION(Kind.DECIMAL);

    /** How a cell of the column is written and parsed. */
    public enum Kind { TEXT, INTEGER, DECIMAL }

    /**
     * Throughput, times, memory sizes and the shares and fractions of them: a negative one is a bug or a damaged file,
     * and would turn every ratio over. (Energy is left out: a counter that wrapped is a telemetry note, not damage.)
     */
    private static final Set<Column> NOT_NEGATIVE = EnumSet.of(TOKENS_PER_S, TOKENS_PER_S_ERROR, LATENCY_MEAN_MS,
            LATENCY_P50_MS, LATENCY_P90_MS, LATENCY_P99_MS, TTFT_MS, TTFT_MS_ERROR, TPOT_MS, TPOT_MS_ERROR, WARMUP_S,
            PEAK_RSS_MB, WEIGHTS_MB, CELL_WALL_S, COMPILE_S, ACCEL_NODE_SHARE, ACCEL_TIME_SHARE, DEVICE_MEM_PEAK_MB,
            ACHIEVED_GFLOPS, PEAK_FRACTION, ACHIEVED_GBPS, BW_FRACTION);

    private static final Map<String, Column> BY_CSV_NAME =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(Column::csvName, Function.identity()));

    private final Kind kind;
    private final String csvName;

    Column(Kind kind) {
        this.kind = kind;
        this.csvName = name().toLowerCase(Locale.ROOT);
    }

    /** The header name in results.csv: lower snake case. */
    public String csvName() {
        return csvName;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether a value below zero is impossible here (see {@link #NOT_NEGATIVE}). */
    public boolean notNegative() {
        return NOT_NEGATIVE.contains(this);
    }

    /** The column with this exact header name (case-sensitive), or empty. */
    public static Optional<Column> fromCsvName(String csvName) {
        return Optional.ofNullable(csvName == null ? null : BY_CSV_NAME.get(csvName));
    }
}
