package dev.portbench.scenarios;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What is measured: a model, the workloads it can run, and the seed of its weights and inputs; with a
 * {@code checkpoint}, the weights are the checkpoint's (and {@code model} its spec) and the seed makes the inputs only.
 */
public record Scenario(String name, String description, ModelSpec model, List<Workload> workloads, long seed,
                       Checkpoint checkpoint) {

    public Scenario {
        SpecChecks.name("name", name);
        if (model == null) {
            throw new SpecException("model", "scenario " + name + " needs a model");
        }
        if (workloads == null || workloads.isEmpty()) {
            throw new SpecException("workloads", "scenario " + name + " needs at least one workload");
        }
        workloads = List.copyOf(workloads);
        Set<String> seen = new HashSet<>();
        for (Workload w : workloads) {
            if (!seen.add(w.name())) {
                throw new SpecException("workloads", "scenario " + name + " has two workloads named '" + w.name()
                        + "'; expected unique names");
            }
            if (w.maxContext() > model.maxSeqLen()) {
                throw new SpecException("workloads", "scenario " + name + ", workload " + w.name()
                        + ": reaches a context of " + w.maxContext() + " tokens, longer than the model's max_seq_len = "
                        + model.maxSeqLen());
            }
        }
        description = description == null ? "" : description;
    }

    /** A scenario with seeded weights. */
    public Scenario(String name, String description, ModelSpec model, List<Workload> workloads, long seed) {
        this(name, description, model, workloads, seed, null);
    }

    /** A scenario with one workload. */
    public Scenario(String name, String description, ModelSpec model, Workload workload, long seed) {
        this(name, description, model, List.of(workload), seed);
    }

    public Optional<Workload> workload(String workloadName) {
        return workloads.stream().filter(w -> w.name().equals(workloadName)).findFirst();
    }

    public List<String> workloadNames() {
        return workloads.stream().map(Workload::name).toList();
    }

    public ModelWeights weights() {
        if (checkpoint == null) {
            return new ModelWeights(WeightLayout.of(model), seed);
        }
        return new ModelWeights(WeightLayout.of(model), seed, checkpoint.open(name)::values);
    }

    /** The seeded prompt of a workload: [batch, seq_len] token ids, the same for every backend. */
    public TokenInputs inputs(Workload workload) {
        return TokenInputs.seeded(seed, model.vocabSize(), workload);
    }
}
