package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelSpec;

/**
 * One layer's causal self-attention on tokens laid out [batch, seq] row-major, optionally after {@code past} cached
 * positions: query i sits at position past + i and sees keys 0..past + i.
 */
interface AttentionLayer {

    /**
     * What one layer caches for every position, [batch, length, width] each; never mutated. Grouped-query attention:
     * keys (after RoPE) and values of every kv head. Multi-head latent attention: the normed latent in {@code keys}
     * and the shared rotated key in {@code values}.
     */
    record LayerCache(double[] keys, double[] values, int length) {
        static LayerCache empty() {
            return new LayerCache(new double[0], new double[0], 0);
        }
    }

    /** The layer's output [tokens, hidden] and the cache extended by this call's tokens. */
    record Result(double[] output, LayerCache cache) {
    }

    Result apply(Kernels k, double[] a, int batch, int seq, LayerCache past);

    /** @param rope the model's RoPE, shared by its layers */
    static AttentionLayer of(ModelSpec spec, ReferenceWeights w, int layer, RotaryEmbedding rope) {
        return spec.isMla() ? new MultiHeadLatentAttention(spec, w, layer, rope)
                : new GroupedQueryAttention(spec, w, layer, rope);
    }

    /** [batch, past, w] followed by [batch, seq, w] → a new [batch, past + seq, w]. */
    static double[] extend(double[] past, double[] fresh, int batch, int pastLen, int seq, int width) {
        int total = pastLen + seq;
        double[] out = new double[batch * total * width];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(past, b * pastLen * width, out, b * total * width, pastLen * width);
            System.arraycopy(fresh, b * seq * width, out, (b * total + pastLen) * width, seq * width);
        }
        return out;
    }
}
