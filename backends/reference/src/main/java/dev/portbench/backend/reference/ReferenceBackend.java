package dev.portbench.backend.reference;

import dev.portbench.backend.Backend;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.HostCpu;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.TokenInputs;

import java.util.Map;

final class ReferenceBackend implements Backend {
    private final Precision precision;

    ReferenceBackend(Precision precision) {
        this.precision = precision;
    }

    @Override
    public String runtimeVersion() {
        return "java " + Runtime.version();
    }

    @Override
    public String device() {
        return HostCpu.modelName();
    }

    @Override
    public String dtype() {
        return precision.id();
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public Map<String, String> appliedOptions() {
        return Map.of("precision", precision.id());
    }

    @Override
    public Session open(ModelArtifact model) {
        ReferenceWeights weights = new ReferenceWeights(model.weights());
        ReferenceDecoder decoder = new ReferenceDecoder(model.scenario().model(), weights, precision);
        return new Session() {
            @Override
            public ForwardOutputs run(TokenInputs inputs) {
                ForwardOutputs out = decoder.forward(inputs);
                return precision == Precision.FP32 ? narrowed(out) : out;
            }

            @Override
            public long weightBytes() {
                return weights.bytes();
            }

            @Override
            public void close() {
                // plain Java arrays: nothing to release
            }
        };
    }

    /** fp32 results are exact floats held in doubles; hand them on as fp32 so saved outputs say what they are. */
    private static ForwardOutputs narrowed(ForwardOutputs out) {
        double[] d = out.logits().doubles();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return new ForwardOutputs(OutputTensor.ofFloats(out.logits().shape(), f), out.routerTopK());
    }

    @Override
    public void close() {
        // nothing native
    }
}
