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
    /**
     * cos and sin × the factor, [position, pair], for the positions seen so far: computing them on every pass took a
     * few percent of the oracle's small passes (two trigonometric calls per position and pair and layer). Replaced
     * whole, never changed, so threads may read it.
     */
    private volatile Angles angles = new Angles(new double[0], new double[0]);

    private record Angles(double[] cos, double[] sin) {
    }

    RotaryEmbedding(Rope rope) {
        this.rope = rope;
    }

    /** The table for at least {@code positions} positions: the one so far, or a longer one. */
    private Angles angles(int positions) {
        Angles a = angles;
        int half = rope.dim() / 2;
        if (a.cos().length >= positions * half) {
            return a;
        }
        double[] cos = new double[positions * half];
        double[] sin = new double[positions * half];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                double angle = rope.angle(p, i);
                cos[p * half + i] = Math.cos(angle) * rope.factor();
                sin[p * half + i] = Math.sin(angle) * rope.factor();
            }
        }
        a = new Angles(cos, sin);
        angles = a;
        return a;
    }

    /** Rotates each head's (i, i + dim/2) pairs by the angle of its position, which starts at {@code offset}. */
    void apply(Kernels k, double[] x, int batch, int seq, int heads, int headStride, int channelOffset, int offset) {
        int half = rope.dim() / 2;
        int width = heads * headStride;
        Angles a = angles(offset + seq);
        for (int s = 0; s < seq; s++) {
            for (int i = 0; i < half; i++) {
                double cos = k.round(a.cos()[(offset + s) * half + i]);
                double sin = k.round(a.sin()[(offset + s) * half + i]);
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
