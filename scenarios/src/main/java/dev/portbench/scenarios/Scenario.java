package dev.portbench.scenarios;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What is measured: a model, the workloads it can run, and the seed of its weights and inputs; with a
 * {@code checkpoint}, the weights are the checkpoint's (and {@code model} its spec) and the seed makes the inputs only;
 * with a {@code prompt} (token ids, no tokenizer needed), every sequence of a workload is its first seq_len ids
 * instead of seeded ones.
 */
public record Scenario(String name, String description, ModelSpec model, List<Workload> workloads, long seed,
                       Checkpoint checkpoint, List<Long> prompt) {

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
            // the prompt's logits, every position's, are one Java array: refused here, not mid-run
            if (w.tokensPerForward() * model.vocabSize() > Integer.MAX_VALUE) {
                throw new SpecException("workloads", "scenario " + name + ", workload " + w.name() + ": batch × seq_len"
                        + " × vocab_size = " + w.tokensPerForward() * model.vocabSize() + " logits; expected at most "
                        + Integer.MAX_VALUE + ", what one Java array holds");
            }
        }
        for (TensorSpec t : WeightLayout.of(model).tensors()) { // each weight is generated into one Java array
            if (t.size() > Integer.MAX_VALUE) {
                throw new SpecException("model", "scenario " + name + ": weight " + t.name() + " has " + t.size()
                        + " elements; expected at most " + Integer.MAX_VALUE + ", what one Java array holds");
            }
        }
        description = description == null ? "" : description;
        if (prompt != null) {
            prompt = List.copyOf(prompt);
            checkPrompt(name, model, workloads, prompt);
        }
    }

    private static void checkPrompt(String name, ModelSpec model, List<Workload> workloads, List<Long> prompt) {
        for (int i = 0; i < prompt.size(); i++) {
            long id = prompt.get(i);
            if (id < 0 || id >= model.vocabSize()) {
                throw new SpecException("prompt", "scenario " + name + ": prompt token " + i + " is " + id
                        + "; expected an id in the vocabulary [0, " + model.vocabSize() + ")");
            }
        }
        for (Workload w : workloads) {
            if (w.seqLen() > prompt.size()) {
                throw new SpecException("prompt", "scenario " + name + ": workload " + w.name() + " needs "
                        + w.seqLen() + " prompt tokens (seq_len); the prompt has " + prompt.size());
            }
        }
    }

    /** A scenario with its weights from a checkpoint (null: seeded) and seeded prompts. */
    public Scenario(String name, String description, ModelSpec model, List<Workload> workloads, long seed,
                    Checkpoint checkpoint) {
        this(name, description, model, workloads, seed, checkpoint, null);
    }

    /** A scenario with seeded weights. */
    public Scenario(String name, String description, ModelSpec model, List<Workload> workloads, long seed) {
        this(name, description, model, workloads, seed, null, null);
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

    /**
     * A workload's prompt: [batch, seq_len] token ids, the same for every backend: the scenario's prompt's first
     * seq_len ids in every sequence, else seeded ids.
     */
    public TokenInputs inputs(Workload workload) {
        if (prompt == null) {
            return TokenInputs.seeded(seed, model.vocabSize(), workload);
        }
        long[] ids = new long[workload.batch() * workload.seqLen()];
        for (int b = 0; b < workload.batch(); b++) {
            for (int t = 0; t < workload.seqLen(); t++) {
                ids[b * workload.seqLen() + t] = prompt.get(t);
            }
        }
        return new TokenInputs(workload.batch(), workload.seqLen(), ids);
    }
}
