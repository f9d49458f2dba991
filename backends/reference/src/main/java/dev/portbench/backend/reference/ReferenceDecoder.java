package dev.portbench.backend.reference;

import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.OutputTensor;
import dev.portbench.scenarios.LogitPositions;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Rope;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoder of docs/model.md written out in plain Java: x = Embed[ids]; per layer h = x + Attn(RMSNorm(x)),
 * x = h + FFN(RMSNorm(h)); logits = RMSNorm(x) · W_lm. In FP64 this is the drift oracle.
 */
final class ReferenceDecoder {
    private final ModelSpec spec;
    private final Kernels kernels;
    private final ReferenceWeights weights;
    private final AttentionLayer[] attention;
    private final SwiGlu[] denseFfn;
    private final MixtureOfExperts[] moe;

    ReferenceDecoder(ModelSpec spec, ReferenceWeights weights, Precision precision) {
        this(spec, weights, new Kernels(precision));
    }

    ReferenceDecoder(ModelSpec spec, ReferenceWeights weights, Kernels kernels) {
        this.spec = spec;
        this.kernels = kernels;
        this.weights = weights;
        this.attention = new AttentionLayer[spec.layers()];
        this.denseFfn = new SwiGlu[spec.layers()];
        this.moe = new MixtureOfExperts[spec.layers()];
        RotaryEmbedding rope = new RotaryEmbedding(Rope.of(spec)); // one table of angles for every layer
        for (int l = 0; l < spec.layers(); l++) {
            attention[l] = AttentionLayer.of(spec, weights, l, rope);
            if (spec.isMoeLayer(l)) {
                moe[l] = new MixtureOfExperts(spec, weights, l);
            } else {
                denseFfn[l] = new SwiGlu(weights, WeightLayout.denseFfn(l));
            }
        }
    }

    /** The caches of every layer after some positions; an immutable value, as {@link dev.portbench.backend.KvCache} asks. */
    record Cache(AttentionLayer.LayerCache[] layers, int length) {
    }

    /** What a forward pass returns: the outputs and the cache extended by its tokens. */
    record Pass(ForwardOutputs outputs, Cache cache) {
    }

    ForwardOutputs forward(TokenInputs in) {
        return forward(in, null).outputs();
    }

    /** Runs {@code in} after the positions of {@code past} (null: none), logits at every position. */
    Pass forward(TokenInputs in, Cache past) {
        return forward(in, past, LogitPositions.ALL);
    }

    /** As {@link #forward(TokenInputs, Cache)}, the final norm and lm_head on the positions {@code logits} names. */
    Pass forward(TokenInputs in, Cache past, LogitPositions logits) {
        int tokens = in.batch() * in.seqLen();
        int hidden = spec.hidden();
        int pastLen = past == null ? 0 : past.length();
        if (pastLen + in.seqLen() > spec.maxSeqLen()) {
            throw new IllegalArgumentException("context of " + (pastLen + in.seqLen()) + " positions exceeds max_seq_len "
                    + spec.maxSeqLen());
        }
        double[] x = embed(in.ids(), hidden);
        List<long[]> routing = new ArrayList<>();
        AttentionLayer.LayerCache[] caches = new AttentionLayer.LayerCache[spec.layers()];
        for (int l = 0; l < spec.layers(); l++) {
            double[] a = kernels.rmsNorm(x, tokens, hidden, weights.get(WeightLayout.attnNorm(l)), spec.rmsNormEps());
            AttentionLayer.Result attn = attention[l].apply(kernels, a, in.batch(), in.seqLen(),
                    past == null ? AttentionLayer.LayerCache.empty() : past.layers()[l]);
            caches[l] = attn.cache();
            kernels.addInPlace(x, attn.output());
            double[] f = kernels.rmsNorm(x, tokens, hidden, weights.get(WeightLayout.ffnNorm(l)), spec.rmsNormEps());
            if (spec.isMoeLayer(l)) {
                long[] topK = new long[tokens * spec.moe().topK()];
                kernels.addInPlace(x, moe[l].apply(kernels, f, tokens, topK));
                routing.add(topK);
            } else {
                kernels.addInPlace(x, denseFfn[l].apply(kernels, f, tokens));
            }
        }
        int positions = logits.count(in.seqLen());
        int rows = in.batch() * positions;
        double[] kept = positions == in.seqLen() ? x : lastPositions(x, in.batch(), in.seqLen(), hidden);
        double[] n = kernels.rmsNorm(kept, rows, hidden, weights.get(WeightLayout.finalNorm()), spec.rmsNormEps());
        double[] out = kernels.matmul(n, rows, weights.matrix(WeightLayout.lmHead()));
        long[] shape = {in.batch(), positions, spec.vocabSize()};
        return new Pass(new ForwardOutputs(OutputTensor.ofDoubles(shape, out), routing),
                new Cache(caches, pastLen + in.seqLen()));
    }

    /** Each sequence's last row of [batch, seq, width]. */
    private static double[] lastPositions(double[] x, int batch, int seq, int width) {
        double[] out = new double[batch * width];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, ((b + 1) * seq - 1) * width, out, b * width, width);
        }
        return out;
    }

    private double[] embed(long[] ids, int hidden) {
        double[] table = weights.get(WeightLayout.embed());
        double[] x = new double[ids.length * hidden];
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= spec.vocabSize()) {
                throw new IllegalArgumentException("token id " + ids[t] + " at position " + t
                        + " is outside the vocabulary [0, " + spec.vocabSize() + ")");
            }
            System.arraycopy(table, (int) ids[t] * hidden, x, t * hidden, hidden);
        }
        return x;
    }
}
