package dev.portbench.backend.reference;

import dev.portbench.scenarios.Rope;

/**
 * The model's RoPE ({@link Rope}: rotate-half layout, YaRN where the model has it) applied in place to its rotary
 * channels of each head: rows are
 * [batch, seq] tokens of {@code heads} heads, each head {@code headStride} wide, the rotated channels starting at
 * {@code channelOffset} within it (0 for grouped-query attention; qk_nope_head_dim for MLA's queries).
 */
final class RotaryEmbedding {
    private final Rope rope;

    RotaryEmbedding(Rope rope) {
        this.rope = rope;
    }

    /** Rotates each head's (i, i + dim/2) pairs by the angle of its position, which starts at {@code offset}. */
    void apply(Kernels k, double[] x, int batch, int seq, int heads, int headStride, int channelOffset, int offset) {
        int half = rope.dim() / 2;
        int width = heads * headStride;
        for (int s = 0; s < seq; s++) {
            for (int i = 0; i < half; i++) {
                double angle = rope.angle(offset + s, i);
                double cos = k.round(Math.cos(angle) * rope.factor());
                double sin = k.round(Math.sin(angle) * rope.factor());
                for (int b = 0; b < batch; b++) {
                    for (int h = 0; h < heads; h++) {
                        int o = (b * seq + s) * width + h * headStride + channelOffset;
                        double x1 = x[o + i];
                        double x2 = x[o + half + i];
                        x[o + i] = k.round(k.round(x1 * cos) - k.round(x2 * sin));
                        x[o + half + i] = k.round(k.round(x2 * cos) + k.round(x1 * sin));
                    }
                }
            }
        }
    }
}
