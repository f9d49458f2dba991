package dev.portbench.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import dev.portbench.scenarios.LogitPositions;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoder of docs/model.md in DJL NDArray operations: x = Embed[ids]; per layer h = x + Attn(RMSNorm(x)),
 * x = h + FFN(RMSNorm(h)); logits = RMSNorm(x) · W_lm. Activations stay in the compute type; RMSNorm, softmax and
 * the router run in fp32. Every array a pass makes belongs to the pass's manager, except the cache it returns.
 */
final class DjlDecoder {
    private final ModelSpec spec;
    private final DjlWeights weights;
    private final DjlAttention attention;
    private final DjlMixtureOfExperts moe;

    DjlDecoder(ModelSpec spec, DjlWeights weights) {
        this.spec = spec;
        this.weights = weights;
        this.attention = new DjlAttention(spec, weights, this::rmsNorm);
        this.moe = spec.isMoe() ? new DjlMixtureOfExperts(spec, weights, this) : null;
    }

    /**
     * Runs {@code in} after the positions of {@code past} (null: none), making every array in {@code pass}; the
     * extended cache's arrays are moved to {@code cacheManager} (null: no cache is kept).
     */
    DjlPass forward(NDManager pass, TokenInputs in, DjlKvCache past, NDManager cacheManager,
                    LogitPositions logitPositions) {
        int pastLen = past == null ? 0 : past.length();
        if (pastLen + in.seqLen() > spec.maxSeqLen()) {
            throw new IllegalArgumentException("context of " + (pastLen + in.seqLen())
                    + " positions exceeds max_seq_len " + spec.maxSeqLen());
        }
        checkIds(in.ids());
        NDArray x = weights.get(WeightLayout.embed()).get(pass.create(in.ids()));
        x.attach(pass);
        List<long[]> routing = new ArrayList<>();
        List<NDArray> keys = new ArrayList<>();
        List<NDArray> values = new ArrayList<>();
        DjlAttention.Positions at = attention.positions(pass, pastLen, in.seqLen());
        for (int l = 0; l < spec.layers(); l++) {
            // a layer's intermediates live in a manager of its own, freed when the layer ends: the pass's peak
            // memory is one layer's, not the sum over layers
            try (NDManager layer = pass.newSubManager()) {
                x.attach(layer);
                NDArray a = rmsNorm(x, WeightLayout.attnNorm(l));
                DjlAttention.Result attn = attention.apply(l, a, in.batch(), in.seqLen(),
                        past == null ? null : past.keys(l), past == null ? null : past.values(l), pastLen, at);
                x = x.add(attn.output());
                NDArray f = rmsNorm(x, WeightLayout.ffnNorm(l));
                if (spec.isMoeLayer(l)) {
                    DjlMixtureOfExperts.Result r = moe.apply(l, f);
                    routing.add(r.topK());
                    x = x.add(r.output());
                } else {
                    x = x.add(swiGlu(WeightLayout.denseFfn(l), f));
                }
                x.attach(pass);
                attn.keys().attach(pass);
                attn.values().attach(pass);
                keys.add(attn.keys());
                values.add(attn.values());
            }
        }
        int positions = logitPositions.count(in.seqLen());
        if (positions != in.seqLen()) { // each sequence's last position only, [batch, hidden]
            x = x.reshape(in.batch(), in.seqLen(), spec.hidden()).get(new ai.djl.ndarray.index.NDIndex(":, -1, :"));
        }
        NDArray n = rmsNorm(x, WeightLayout.finalNorm());
        NDArray logits = weights.matMul(n, WeightLayout.lmHead()).toType(DataType.FLOAT32, false)
                .reshape(in.batch(), positions, spec.vocabSize());
        DjlKvCache cache = null;
        if (cacheManager != null) {
            keys.forEach(k -> k.attach(cacheManager));
            values.forEach(v -> v.attach(cacheManager));
            cache = new DjlKvCache(cacheManager, keys, values, pastLen + in.seqLen());
        }
        return new DjlPass(pass, logits, routing, cache);
    }

    private void checkIds(long[] ids) {
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= spec.vocabSize()) {
                throw new IllegalArgumentException("token id " + ids[t] + " at position " + t
                        + " is outside the vocabulary [0, " + spec.vocabSize() + ")");
            }
        }
    }

    /** x / sqrt(mean(x²) + rms_norm_eps) · gain over the last axis, in fp32, returned in x's type. */
    NDArray rmsNorm(NDArray x, String gain) {
        return rmsNorm(x, gain, spec.rmsNormEps());
    }

    NDArray rmsNorm(NDArray x, String gain, double eps) {
        NDArray wide = x.toType(DataType.FLOAT32, false);
        NDArray rms = wide.square().mean(new int[] {-1}, true).add(eps).sqrt();
        return wide.div(rms).mul(weights.get(gain)).toType(x.getDataType(), false);
    }

    /** (silu(x·W_gate) ⊙ x·W_up) · W_down. */
    NDArray swiGlu(String prefix, NDArray x) {
        NDArray gate = weights.matMul(x, prefix + ".w_gate");
        NDArray up = weights.matMul(x, prefix + ".w_up");
        NDArray silu = gate.mul(Activation.sigmoid(gate));
        return weights.matMul(silu.mul(up), prefix + ".w_down");
    }
}
