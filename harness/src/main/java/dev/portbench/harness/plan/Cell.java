package dev.portbench.harness.plan;

import dev.portbench.scenarios.Scenario;

import java.util.Locale;
import java.util.Map;

/** One (scenario, backend) pair of a run, with its 1-based position and the backend's options. */
public record Cell(int index, int total, Scenario scenario, String backend, Map<String, String> options) {

    public Cell {
        options = Map.copyOf(options);
    }

    /** A file-system-safe name, unique within the run: {@code 03-moe-small-onnxruntime-cpu}. */
    public String name() {
        return String.format(Locale.ROOT, "%02d-%s-%s", index, scenario.name(), backend);
    }
}
