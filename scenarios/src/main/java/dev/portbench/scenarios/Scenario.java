package dev.portbench.scenarios;

/** What one benchmark cell measures: a model, a workload and the seed of weights and inputs. */
public record Scenario(String name, String description, ModelSpec model, Workload workload, long seed) {

    public Scenario {
        SpecChecks.name("scenario", name);
        if (model == null || workload == null) {
            throw new SpecException("scenario " + name + " needs both a model and a workload");
        }
        if (workload.seqLen() > model.maxSeqLen()) {
            throw new SpecException("scenario " + name + ": seq_len = " + workload.seqLen()
                    + " is longer than the model's max_seq_len = " + model.maxSeqLen());
        }
    }

    public ModelWeights weights() {
        return new ModelWeights(WeightLayout.of(model), seed);
    }

    public TokenInputs inputs() {
        return TokenInputs.seeded(seed, model.vocabSize(), workload);
    }
}
