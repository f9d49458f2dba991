package dev.portbench.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.KvCache;
import dev.portbench.backend.KvCacheWalk;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.PreparedDecode;
import dev.portbench.backend.PreparedForward;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.LogitPositions;
import dev.portbench.scenarios.TokenInputs;

/** portbench's decoder on DJL's PyTorch engine, with the scenario's seeded weights; never reads the ONNX file. */
final class DjlSession implements Session {
    private final DjlWeights weights;
    private final DjlDecoder decoder;
    /** The positions a pass returns logits for: every one, or each sequence's last (a step has one anyway). */
    private final LogitPositions logits;

    DjlSession(ModelArtifact model, Device device) {
        this.weights = new DjlWeights(model.weights(), model.dtype(), device);
        this.decoder = new DjlDecoder(model.scenario().model(), weights);
        this.logits = model.logits();
    }

    /**
     * One pass in a manager of its own; the cache's arrays go to {@code cacheManager} (null: none kept). A pass that
     * fails frees both managers.
     */
    DjlPass pass(TokenInputs in, DjlKvCache past, NDManager cacheManager) {
        NDManager pass = weights.manager().newSubManager();
        try {
            return decoder.forward(pass, in, past, cacheManager, logits);
        } catch (RuntimeException e) {
            pass.close();
            if (cacheManager != null) {
                cacheManager.close();
            }
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
        try (DjlPass p = pass(tokens, cache, weights.manager().newSubManager())) {
            try {
                return new DecodeStep(p.outputs(), p.cache());
            } catch (RuntimeException e) {
                p.cache().close();
                throw e;
            }
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

    /**
     * Greedy decoding whose timed calls are the prompt's pass and one cache step, each up to the device's last kernel;
     * their logits stay on the device until {@code outputs()} copies them, and {@code release()} frees the pass and
     * the caches no later step reads, untimed.
     */
    @Override
    public PreparedDecode prepareDecode(TokenInputs prompt, long[][] stepTokens) {
        return new KvCacheWalk<DjlPass>((tokens, past) -> {
            DjlPass p = pass(tokens, cacheOf(past), weights.manager().newSubManager());
            try {
                p.synchronise();
                return p;
            } catch (RuntimeException e) {
                p.cache().close();
                p.close();
                throw e;
            }
        }, prompt, stepTokens);
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
