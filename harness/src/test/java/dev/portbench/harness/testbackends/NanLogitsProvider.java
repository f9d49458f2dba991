package dev.portbench.harness.testbackends;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.KvCache;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.TokenInputs;


/**
 * reference-fp32 with one NaN planted in the logits of every forward pass, as a kernel that divides by zero would:
 * the cell runs and is measured like any other, only its outputs are not finite. Exists only on the harness's test
 * class path (src/test/resources/META-INF/services).
 */
public final class NanLogitsProvider extends AlwaysAvailableProvider {

    /** The backend wrapped; found through the service loader, as the harness finds it. */
    static final String WRAPPED = "reference-fp32";

    @Override
    public String id() {
        return "test-nan";
    }

    @Override
    public String description() {
        return "test backend: " + WRAPPED + " with a NaN planted in the logits of every forward pass";
    }

    @Override
    public Backend create(BackendOptions options) {
        Backend wrapped = Backends.find(WRAPPED).orElseThrow(() -> new IllegalStateException(
                "test-nan wraps " + WRAPPED + ", which is not on the class path")).create(options);
        return new WrappingBackend(wrapped) {
            @Override
            public Session open(ModelArtifact model) {
                return new WrappingSession(wrapped.open(model)) {
                    @Override
                    public ForwardOutputs run(TokenInputs inputs) {
                        return withNaN(wrapped.run(inputs));
                    }

                    @Override
                    public DecodeStep step(TokenInputs tokens, KvCache past) {
                        DecodeStep step = wrapped.step(tokens, past);
                        return new DecodeStep(withNaN(step.outputs()), step.cache());
                    }
                };
            }
        };
    }

    /**
     * The outputs with one logit replaced by NaN, on a copy (the wrapped session's arrays stay intact): token 0 of the
     * first sequence's last position, which is the same logit in every graph of the cell, whichever positions it
     * returns (every one, or the last only), as a kernel's fault would be.
     */
    static ForwardOutputs withNaN(ForwardOutputs outputs) {
        OutputTensor logits = outputs.logits();
        long[] shape = logits.shape(); // [batch, positions, vocab]
        int at = (int) ((shape[1] - 1) * shape[2]);
        OutputTensor planted;
        if (logits.isDouble()) {
            double[] values = logits.doubles().clone();
            values[at] = Double.NaN;
            planted = OutputTensor.ofDoubles(shape, values);
        } else {
            float[] values = logits.floats().clone();
            values[at] = Float.NaN;
            planted = OutputTensor.ofFloats(shape, values);
        }
        return new ForwardOutputs(planted, outputs.routerTopK());
    }
}
