package dev.portbench.harness.plan;

import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.Workload;

import java.util.Locale;
import java.util.Map;

/** One (scenario, workload, dtype, backend) of a run, with its 1-based position and the backend's options. */
public record Cell(int index, int total, Scenario scenario, Workload workload, Dtype dtype, String backend,
                   Map<String, String> options) {

    public Cell {
        options = Map.copyOf(options);
    }

    /** A file-system-safe name, unique within the run: {@code 03-moe-small-decode-fp16-onnxruntime-cpu}. */
    public String name() {
        return String.format(Locale.ROOT, "%02d-%s-%s-%s-%s", index, scenario.name(), workload.name(), dtype.id(),
                backend);
    }
}
