package dev.portbench.results.runs;

import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;

import java.util.Objects;

/**
 * What identifies a row of results.csv across runs (docs/results-schema.md): scenario, workload, phase, dtype and
 * backend. Run id, host and times are deliberately not part of it, so runs from different machines and nights match.
 */
public record CellKey(String scenario, String workload, String phase, String dtype, String backend) {

    public CellKey {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(backend, "backend");
    }

    public static CellKey of(ResultRow row) {
        return new CellKey(row.text(Column.SCENARIO), row.text(Column.WORKLOAD), row.text(Column.PHASE),
                row.text(Column.DTYPE), row.text(Column.BACKEND));
    }

    /** The same cell on another backend: how A/B pairs and migration pairs are matched. */
    public CellKey withBackend(String otherBackend) {
        return new CellKey(scenario, workload, phase, dtype, otherBackend);
    }

    /** The key without its backend, e.g. {@code moe-tiny/decode/decode/fp16}. */
    public String cellLabel() {
        return scenario + "/" + workload + "/" + phase + "/" + dtype;
    }

    /** e.g. {@code moe-tiny/decode/decode/fp16/onnxruntime-cpu}. */
    public String label() {
        return cellLabel() + "/" + backend;
    }

    @Override
    public String toString() {
        return label();
    }
}
