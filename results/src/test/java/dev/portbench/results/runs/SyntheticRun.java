package dev.portbench.results.runs;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.Npy;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds run directories by hand for compare, matrix and gate tests: rows with known numbers, outputs with known values. */
public final class SyntheticRun {

    private final Path root;
    private final List<ResultRow> rows = new ArrayList<>();

    private SyntheticRun(Path root) {
        this.root = root;
    }

    public static SyntheticRun at(Path root) {
        return new SyntheticRun(root);
    }

    /** An OK fp32 prefill row of {@code scenario} on {@code backend}, measured at {@code tokensPerS} ± {@code error}. */
    public static ResultRow.Builder okRow(String scenario, String backend, double tokensPerS, double error) {
        return ResultRow.builder()
                .set(Column.RUN_ID, "night-1")
                .set(Column.SUITE, "synthetic")
                .set(Column.HOST, "lab1")
                .set(Column.STARTED_UTC, "2026-11-01T02:00:00Z")
                .set(Column.SCENARIO, scenario)
                .set(Column.WORKLOAD, "prefill")
                .set(Column.PHASE, "prefill")
                .set(Column.BATCH, 1)
                .set(Column.SEQ_LEN, 8)
                .set(Column.NEW_TOKENS, 0)
                .set(Column.DTYPE, "fp32")
                .set(Column.BACKEND, backend)
                .set(Column.RUNTIME_VERSION, "1.0")
                .set(Column.STATUS, CellStatus.OK)
                .set(Column.TOKENS_PER_S, tokensPerS)
                .set(Column.TOKENS_PER_S_ERROR, error)
                .set(Column.LATENCY_P50_MS, 8000 / tokensPerS)
                .set(Column.LATENCY_P99_MS, 9000 / tokensPerS)
                .set(Column.PEAK_RSS_MB, 400.0)
                .set(Column.WEIGHTS_MB, 100.0)
                .set(Column.MAX_ABS_ERR, 1e-6)
                .set(Column.REL_L2, 4e-7)
                .set(Column.COSINE, 1.0)
                .set(Column.KL, 1e-13)
                .set(Column.TOP1_AGREEMENT, 1.0)
                .set(Column.DRIFT_REFERENCE, "oracle");
    }

    public SyntheticRun add(ResultRow.Builder row) {
        rows.add(row.build());
        return this;
    }

    /** Saves {@code logits} ([1, rows, vocab]) as the prefill outputs of the cell. */
    public SyntheticRun logits(String scenario, String backend, int vocab, double... logits) throws IOException {
        Path dir = new RunFiles(root).outputs(scenario, "prefill", "fp32", backend);
        Files.createDirectories(dir);
        Npy.write(RunFiles.logits(dir), new long[] {1, logits.length / vocab, vocab}, logits);
        return this;
    }

    /** Writes results.csv and returns the directory. */
    public Path write() throws IOException {
        Files.createDirectories(root);
        try (ResultsCsvWriter writer = ResultsCsvWriter.create(new RunFiles(root).results())) {
            for (ResultRow row : rows) {
                writer.append(row);
            }
        }
        return root;
    }
}
