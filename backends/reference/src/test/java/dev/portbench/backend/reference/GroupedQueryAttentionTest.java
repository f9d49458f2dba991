package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.WeightLayout;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Causal grouped-query attention with rotate-half RoPE, written out the slow way. */
class GroupedQueryAttentionTest {
    private static final int HIDDEN = 12;
    private static final int HEADS = 4;
    private static final int KV_HEADS = 2; // query heads 0, 1 share kv head 0; 2, 3 share kv head 1
    private static final int D = 6;
    private static final double THETA = 100.0;

    private static double[] project(double[] x, int rows, int in, float[] w, int out) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                for (int k = 0; k < in; k++) {
                    y[r * out + j] += x[r * in + k] * w[k * out + j];
                }
            }
        }
        return y;
    }

    /** Rotates the vector v[off .. off+D) for position p: pair (i, i + D/2) turns by p·θ^(−2i/D). */
    private static double[] rotated(double[] v, int off, int p) {
        double[] out = new double[D];
        for (int i = 0; i < D / 2; i++) {
            double a = p * Math.pow(THETA, -2.0 * i / D);
            double re = v[off + i];
            double im = v[off + D / 2 + i];
            out[i] = re * Math.cos(a) - im * Math.sin(a);
            out[D / 2 + i] = re * Math.sin(a) + im * Math.cos(a);
        }
        return out;
    }

    @Test
    void applyMatchesHandWrittenCausalGqaWithRope() {
        ModelSpec spec = new ModelSpec("gqa", 16, HIDDEN, 1, HEADS, KV_HEADS, D, 8, null, THETA, 1e-5, 8);
        ModelWeights mw = new ModelWeights(WeightLayout.of(spec), 11);
        int batch = 2;
        int seq = 4;
        int tokens = batch * seq;
        double[] a = new double[tokens * HIDDEN];
        Random r = new Random(12);
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        double[] y = new GroupedQueryAttention(spec, new ReferenceWeights(mw), 0)
                .apply(new Kernels(Precision.FP64), a, batch, seq, AttentionLayer.LayerCache.empty()).output();

        double[] q = project(a, tokens, HIDDEN, mw.get(WeightLayout.wq(0)), HEADS * D);
        double[] k = project(a, tokens, HIDDEN, mw.get(WeightLayout.wk(0)), KV_HEADS * D);
        double[] v = project(a, tokens, HIDDEN, mw.get(WeightLayout.wv(0)), KV_HEADS * D);
        double[] heads = new double[tokens * HEADS * D];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < HEADS; h++) {
                int kvHead = h / (HEADS / KV_HEADS);
                for (int i = 0; i < seq; i++) {
                    double[] qi = rotated(q, (b * seq + i) * HEADS * D + h * D, i);
                    double[] w = new double[i + 1];
                    double z = 0;
                    for (int j = 0; j <= i; j++) {
                        double[] kj = rotated(k, (b * seq + j) * KV_HEADS * D + kvHead * D, j);
                        double dot = 0;
                        for (int c = 0; c < D; c++) {
                            dot += qi[c] * kj[c];
                        }
                        w[j] = Math.exp(dot / Math.sqrt(D));
                        z += w[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        for (int c = 0; c < D; c++) {
                            heads[(b * seq + i) * HEADS * D + h * D + c] +=
                                    w[j] / z * v[(b * seq + j) * KV_HEADS * D + kvHead * D + c];
                        }
                    }
                }
            }
        }
        double[] expected = project(heads, tokens, HEADS * D, mw.get(WeightLayout.wo(0)), HIDDEN);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], y[i], 1e-12, "element " + i);
        }
    }
}
