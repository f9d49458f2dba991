package dev.portbench.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Rope;
import dev.portbench.scenarios.WeightLayout;

/**
 * Causal attention with RoPE ("rotate half") on [batch, seq] tokens after {@code past} cached positions: query i sits
 * at position past + i and sees keys 0..past + i.
 * <ul>
 *   <li>Grouped-query attention: each key/value head serves {@code group} query heads (repeat-interleaved); keys are
 *       cached after RoPE, [batch, kv_heads, positions, head_dim].</li>
 *   <li>Multi-head latent attention (naive form): the cache holds the normed latent [batch, 1, positions,
 *       kv_lora_rank] and the rotated shared key [batch, 1, positions, qk_rope_head_dim]; each pass decompresses every
 *       position's latent into the heads' keys and values.</li>
 * </ul>
 */
final class DjlAttention {
    /** RMSNorm over the last axis with a named gain and an ε: the decoder's. */
    interface Norm {
        NDArray apply(NDArray x, String gain, double eps);
    }

    private final ModelSpec spec;
    private final DjlWeights weights;
    private final Norm rmsNorm;
    /** Absorbed MLA's per-head W_UK and W_UV of each layer, regrouped from kv_b when the layer first runs. */
    private final java.util.Map<Integer, NDList> absorbedUp = new java.util.HashMap<>();
    /** RoPE's tables for every position, in the compute type, made once per session. */
    private final NDArray cosTable;
    private final NDArray sinTable;

    DjlAttention(ModelSpec spec, DjlWeights weights, Norm rmsNorm) {
        this.spec = spec;
        this.weights = weights;
        this.rmsNorm = rmsNorm;
        this.cosTable = table(spec, weights, false);
        this.sinTable = table(spec, weights, true);
    }

    /** The layer's output [tokens, hidden] and its keys and values including this call's positions. */
    record Result(NDArray output, NDArray keys, NDArray values) {
    }

    /** What every layer of one pass shares: RoPE's cos and sin for the pass's positions, and the causal mask. */
    record Positions(NDArray cos, NDArray sin, NDArray mask) {
    }

    /** The pass's positions past .. past + seq − 1, made once per pass (the tables are the session's, sliced). */
    Positions positions(NDManager pass, int pastLen, int seq) {
        NDIndex passRows = new NDIndex().addSliceDim(pastLen, pastLen + seq);
        NDArray cos = cosTable.get(passRows);
        NDArray sin = sinTable.get(passRows);
        cos.attach(pass); // slices of the session's tables are made on the tables' manager
        sin.attach(pass);
        return new Positions(cos, sin, seq == 1 ? null : causalMask(pass, pastLen, seq, pastLen + seq));
    }

    Result apply(int layer, NDArray a, int batch, int seq, NDArray pastKeys, NDArray pastValues, int pastLen,
                 Positions at) {
        if (spec.isMla()) {
            return latent(layer, a, batch, seq, pastKeys, pastValues, at);
        }
        NDManager layerArrays = a.getManager();
        int d = spec.headDim();
        int heads = spec.heads();
        int kvHeads = spec.kvHeads();
        NDArray q = heads(projection(a, WeightLayout.wq(layer), WeightLayout.bq(layer)), batch, seq, heads);
        NDArray k = heads(projection(a, WeightLayout.wk(layer), WeightLayout.bk(layer)), batch, seq, kvHeads);
        NDArray v = heads(projection(a, WeightLayout.wv(layer), WeightLayout.bv(layer)), batch, seq, kvHeads);
        if (spec.qkNorm()) { // each head's queries and keys over head_dim, the last axis
            q = rmsNorm.apply(q, WeightLayout.qNorm(layer), spec.rmsNormEps());
            k = rmsNorm.apply(k, WeightLayout.kNorm(layer), spec.rmsNormEps());
        }
        q = rope(q, at.cos(), at.sin());
        k = rope(k, at.cos(), at.sin());
        NDArray keys = pastKeys == null ? k : pastKeys.concat(k, 2);
        NDArray values = pastValues == null ? v : pastValues.concat(v, 2);
        keys.attach(layerArrays); // concat made them on the past cache's manager
        values.attach(layerArrays);
        int total = pastLen + seq;
        int group = spec.groupSize();
        NDArray kAll = group == 1 ? keys : keys.repeat(1, group);
        NDArray vAll = group == 1 ? values : values.repeat(1, group);
        NDArray scores = q.matMul(kAll.transpose(0, 1, 3, 2)).mul(spec.attentionScale());
        NDArray wide = scores.toType(DataType.FLOAT32, false);
        NDArray probs = (at.mask() == null ? wide : wide.add(at.mask())).softmax(-1).toType(a.getDataType(), false);
        NDArray out = probs.matMul(vAll).transpose(0, 2, 1, 3).reshape(batch * (long) seq, (long) heads * d);
        return new Result(weights.matMul(out, WeightLayout.wo(layer)), keys, values);
    }

    /** MLA, naive form; the cache's "keys" are the latents, its "values" the rotated shared keys. */
    private Result latent(int layer, NDArray a, int batch, int seq, NDArray pastLatents, NDArray pastRopeKeys,
                          Positions at) {
        MlaSpec mla = spec.mla();
        int heads = spec.heads();
        long nope = mla.qkNopeHeadDim();
        long rank = mla.kvLoraRank();
        NDArray qFlat = mla.hasQueryLora()
                ? weights.matMul(rmsNorm.apply(weights.matMul(a, WeightLayout.wqA(layer)), WeightLayout.qANorm(layer),
                        MlaSpec.LATENT_NORM_EPS), WeightLayout.wqB(layer))
                : weights.matMul(a, WeightLayout.wq(layer));
        NDList q = qFlat.reshape(batch, seq, heads, mla.qkHeadDim()).transpose(0, 2, 1, 3).split(new long[] {nope}, 3);
        NDArray qRope = rope(q.get(1), at.cos(), at.sin());
        NDList down = weights.matMul(a, WeightLayout.wkvA(layer)).split(new long[] {rank}, 1);
        NDArray latent = rmsNorm.apply(down.get(0), WeightLayout.kvANorm(layer), MlaSpec.LATENT_NORM_EPS)
                .reshape(batch, 1, seq, rank);
        NDArray ropeKey = rope(down.get(1).reshape(batch, 1, seq, mla.qkRopeHeadDim()), at.cos(), at.sin());
        NDArray latents = pastLatents == null ? latent : pastLatents.concat(latent, 2);
        NDArray ropeKeys = pastRopeKeys == null ? ropeKey : pastRopeKeys.concat(ropeKey, 2);
        latents.attach(a.getManager()); // concat made them on the past cache's manager
        ropeKeys.attach(a.getManager());
        NDArray ropeDots = qRope.matMul(ropeKeys.transpose(0, 1, 3, 2)).toType(DataType.FLOAT32, false); // over heads
        NDArray heads4 = mla.absorbed() ? absorbedHeads(layer, q.get(0), ropeDots, latents, at)
                : naiveHeads(layer, q.get(0), ropeDots, latents, batch, at);
        NDArray out = heads4.transpose(0, 2, 1, 3).reshape(batch * (long) seq, (long) heads * mla.vHeadDim());
        return new Result(weights.matMul(out, WeightLayout.wo(layer)), latents, ropeKeys);
    }

    /** Naive MLA: every position's latent decompressed into each head's k_nope and v; [B, H, S, v]. */
    private NDArray naiveHeads(int layer, NDArray qNope, NDArray ropeDots, NDArray latents, int batch, Positions at) {
        MlaSpec mla = spec.mla();
        long nope = mla.qkNopeHeadDim();
        long total = latents.getShape().get(2);
        NDList kv = weights.matMul(latents.reshape(batch * total, mla.kvLoraRank()), WeightLayout.wkvB(layer))
                .reshape(batch, total, spec.heads(), nope + mla.vHeadDim()).transpose(0, 2, 1, 3)
                .split(new long[] {nope}, 3);
        NDArray dots = qNope.matMul(kv.get(0).transpose(0, 1, 3, 2)).toType(DataType.FLOAT32, false).add(ropeDots);
        return latentProbs(dots, at, qNope.getDataType()).matMul(kv.get(1));
    }

    /**
     * Absorbed MLA: kv_b regrouped per head into W_UK [H, nope, rank] and W_UV [H, rank, v] (once per session);
     * queries move into the latent space, attention reads the latents, values come out after; [B, H, S, v].
     */
    private NDArray absorbedHeads(int layer, NDArray qNope, NDArray ropeDots, NDArray latents, Positions at) {
        NDList up = absorbedUp.computeIfAbsent(layer, this::regroup);
        NDArray queryLatent = qNope.matMul(up.get(0)); // [B, H, S, rank]
        NDArray dots = queryLatent.matMul(latents.transpose(0, 1, 3, 2)).toType(DataType.FLOAT32, false).add(ropeDots);
        return latentProbs(dots, at, qNope.getDataType()).matMul(latents).matMul(up.get(1));
    }

    private NDList regroup(int layer) {
        MlaSpec mla = spec.mla();
        long nope = mla.qkNopeHeadDim();
        NDList halves = weights.dequantised(WeightLayout.wkvB(layer))
                .reshape(mla.kvLoraRank(), spec.heads(), nope + mla.vHeadDim()).split(new long[] {nope}, 2);
        NDArray keyUp = halves.get(0).transpose(1, 2, 0);
        NDArray valueUp = halves.get(1).transpose(1, 0, 2);
        keyUp.attach(weights.manager());
        valueUp.attach(weights.manager());
        return new NDList(keyUp, valueUp);
    }

    /** The scaled, masked softmax over the keys in fp32, back in the compute type. */
    private NDArray latentProbs(NDArray dots, Positions at, DataType compute) {
        NDArray scores = dots.mul(spec.attentionScale());
        return (at.mask() == null ? scores : scores.add(at.mask())).softmax(-1).toType(compute, false);
    }

    /** a · W, plus the bias where the model has q/k/v biases. */
    private NDArray projection(NDArray a, String w, String bias) {
        NDArray y = weights.matMul(a, w);
        return spec.qkvBias() ? y.add(weights.get(bias)) : y;
    }

    /** [tokens, n·d] → [batch, n, seq, d]. */
    private NDArray heads(NDArray x, int batch, int seq, int n) {
        return x.reshape(batch, seq, n, spec.headDim()).transpose(0, 2, 1, 3);
    }

    /** x·cos + rotate_half(x)·sin, rotate_half(x) = (−x₂, x₁) over the halves of the last axis. */
    private static NDArray rope(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, 3); // the rotated axis of [batch, heads, seq, rope_dim]
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(cos).add(rotated.mul(sin));
    }

    /** cos (or sin) of every position up to max_seq_len, [positions, rope_dim], both halves repeated, on the device. */
    private static NDArray table(ModelSpec spec, DjlWeights weights, boolean sine) {
        float[] t = Rope.of(spec).table(spec.maxSeqLen(), sine);
        NDArray fp32 = weights.manager().create(t, new Shape(spec.maxSeqLen(), spec.ropeDim()));
        if (weights.compute() == DataType.FLOAT32) {
            return fp32;
        }
        NDArray out = fp32.toType(weights.compute(), false);
        fp32.close();
        return out;
    }

    /** 0 where query i (at position past + i) may see key j, −∞ after it: [seq, total]; a single query sees all. */
    private static NDArray causalMask(NDManager pass, int pastLen, int seq, int total) {
        float[] mask = new float[seq * total];
        for (int i = 0; i < seq; i++) {
            for (int j = pastLen + i + 1; j < total; j++) {
                mask[i * total + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return pass.create(mask, new Shape(seq, total));
    }
}
