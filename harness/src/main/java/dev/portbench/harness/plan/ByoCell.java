package dev.portbench.harness.plan;

import dev.portbench.scenarios.byo.ByoModel;

import java.util.Locale;
import java.util.Map;

/** One (bring-your-own model, backend) of a run: one forward pass over the model's input spec. */
public record ByoCell(int index, int total, ByoModel model, String backend, Map<String, String> options) {
    /** The workload name BYO rows carry. */
    public static final String WORKLOAD = dev.portbench.results.runs.RunFiles.BYO_WORKLOAD;

    public ByoCell {
        options = Map.copyOf(options);
    }

    public String name() {
        return String.format(Locale.ROOT, "%02d-%s-%s-%s", index, model.name(), WORKLOAD, backend);
    }
}
