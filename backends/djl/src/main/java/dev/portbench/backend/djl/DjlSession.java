package dev.portbench.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.KvCache;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.PreparedDecode;
import dev.portbench.backend.PreparedForward;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.TokenInputs;

/** portbench's decoder on DJL's PyTorch engine, with the scenario's seeded weights; never reads the ONNX file. */
final class DjlSession implements Session {
    private final DjlWeights weights;
    private final DjlDecoder decoder;

    DjlSession(ModelArtifact model, Device device) {
        this.weights = new DjlWeights(model.weights(), model.dtype(), device);
        this.decoder = new DjlDecoder(model.scenario().model(), weights);
    }

    /** One pass in a manager of its own; the cache's arrays go to {@code cacheManager} (null: none kept). */
    DjlPass pass(TokenInputs in, DjlKvCache past, NDManager cacheManager) {
        NDManager pass = weights.manager().newSubManager();
        try {
            return decoder.forward(pass, in, past, cacheManager);
        } catch (RuntimeException e) {
            pass.close();
            throw e;
        }
    }

    @Override
    public ForwardOutputs run(TokenInputs inputs) {
        try (DjlPass p = pass(inputs, null, null)) {
            return p.outputs();
        }
    }

    @Override
    public DecodeStep step(TokenInputs tokens, KvCache past) {
        DjlKvCache cache = cacheOf(past);
        NDManager cacheManager = weights.manager().newSubManager();
        try (DjlPass p = pass(tokens, cache, cacheManager)) {
            return new DecodeStep(p.outputs(), p.cache());
        } catch (RuntimeException e) {
            cacheManager.close();
            throw e;
        }
    }

    static DjlKvCache cacheOf(KvCache past) {
        if (past == null || past instanceof DjlKvCache) {
            return (DjlKvCache) past;
        }
        throw new IllegalArgumentException("a " + past.getClass().getSimpleName() + " was given as the past; expected"
                + " the KV cache of a djl-pytorch session");
    }

    @Override
    public PreparedForward prepare(TokenInputs inputs) {
        return new DjlPreparedForward(this, inputs);
    }

    @Override
    public PreparedDecode prepareDecode(TokenInputs prompt, long[][] stepTokens) {
        return new DjlPreparedDecode(this, weights.manager(), prompt, stepTokens);
    }

    @Override
    public long weightBytes() {
        return weights.bytes();
    }

    @Override
    public void close() {
        weights.close();
    }
}
