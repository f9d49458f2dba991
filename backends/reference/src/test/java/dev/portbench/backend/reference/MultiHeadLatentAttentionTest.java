package dev.portbench.backend.reference;

import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.WeightLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference's naive MLA (decompress every latent into keys and values) against MLA written out the slow way in
 * its absorbed form: each head's query is folded through its key up-projection into the latent space, scores are
 * taken against the cached latents directly, and the value up-projection is applied after the weighted sum. The two
 * forms are equal in exact arithmetic, so in fp64 they agree to rounding.
 */
class MultiHeadLatentAttentionTest {
    private static final int HIDDEN = 12;
    private static final int HEADS = 3;
    private static final int RANK = 5;
    private static final int NOPE = 4;
    private static final int ROPE = 6;
    private static final int V = 3;
    private static final double THETA = 100.0;
    private static final double EPS = MlaSpec.LATENT_NORM_EPS;

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

    private static double[] rmsNormed(double[] x, int rows, int width, float[] gain) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double ss = 0;
            for (int i = 0; i < width; i++) {
                ss += x[r * width + i] * x[r * width + i];
            }
            double inv = 1 / Math.sqrt(ss / width + EPS);
            for (int i = 0; i < width; i++) {
                y[r * width + i] = x[r * width + i] * inv * gain[i];
            }
        }
        return y;
    }

    /** ROPE channels of v from off, rotated for position p: pair (i, i + ROPE/2) turns by p·θ^(−2i/ROPE). */
    private static double[] rotated(double[] v, int off, int p) {
        double[] out = new double[ROPE];
        for (int i = 0; i < ROPE / 2; i++) {
            double a = p * Math.pow(THETA, -2.0 * i / ROPE);
            out[i] = v[off + i] * Math.cos(a) - v[off + ROPE / 2 + i] * Math.sin(a);
            out[ROPE / 2 + i] = v[off + i] * Math.sin(a) + v[off + ROPE / 2 + i] * Math.cos(a);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7}) // a direct query projection (DeepSeek-V2-Lite), and a query bottleneck (V2, V3)
    void naiveFormMatchesTheAbsorbedFormWrittenOut(int qLoraRank) {
        ModelSpec spec = new ModelSpec("mla", 16, HIDDEN, 1, HEADS, HEADS, NOPE + ROPE, 8, null, THETA, 1e-5, 8,
                false, false, new MlaSpec(qLoraRank, RANK, NOPE, ROPE, V));
        ModelWeights mw = new ModelWeights(WeightLayout.of(spec), 5);
        int batch = 2;
        int seq = 4;
        int tokens = batch * seq;
        double[] a = new double[tokens * HIDDEN];
        Random r = new Random(3);
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        AttentionLayer.Result naive = new MultiHeadLatentAttention(spec, new ReferenceWeights(mw), 0)
                .apply(new Kernels(Precision.FP64), a, batch, seq, AttentionLayer.LayerCache.empty());

        int qk = NOPE + ROPE;
        double[] q = qLoraRank == 0 ? project(a, tokens, HIDDEN, mw.get(WeightLayout.wq(0)), HEADS * qk)
                : project(rmsNormed(project(a, tokens, HIDDEN, mw.get(WeightLayout.wqA(0)), qLoraRank), tokens,
                        qLoraRank, mw.get(WeightLayout.qANorm(0))), tokens, qLoraRank, mw.get(WeightLayout.wqB(0)),
                        HEADS * qk);
        double[] down = project(a, tokens, HIDDEN, mw.get(WeightLayout.wkvA(0)), RANK + ROPE);
        double[] c = new double[tokens * RANK];
        for (int t = 0; t < tokens; t++) {
            System.arraycopy(down, t * (RANK + ROPE), c, t * RANK, RANK);
        }
        double[] latent = rmsNormed(c, tokens, RANK, mw.get(WeightLayout.kvANorm(0)));
        float[] up = mw.get(WeightLayout.wkvB(0)); // [RANK, HEADS·(NOPE + V)]
        int upWidth = HEADS * (NOPE + V);
        double[] heads = new double[tokens * HEADS * V];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < HEADS; h++) {
                for (int i = 0; i < seq; i++) {
                    int qOff = (b * seq + i) * HEADS * qk + h * qk;
                    double[] qLatent = new double[RANK]; // q_nope · W_UK^T
                    for (int k = 0; k < RANK; k++) {
                        for (int n = 0; n < NOPE; n++) {
                            qLatent[k] += q[qOff + n] * up[k * upWidth + h * (NOPE + V) + n];
                        }
                    }
                    double[] qRope = rotated(q, qOff + NOPE, i);
                    double[] w = new double[i + 1];
                    double z = 0;
                    for (int j = 0; j <= i; j++) {
                        int row = b * seq + j;
                        double[] kRope = rotated(down, row * (RANK + ROPE) + RANK, j);
                        double dot = 0;
                        for (int k = 0; k < RANK; k++) {
                            dot += qLatent[k] * latent[row * RANK + k];
                        }
                        for (int k = 0; k < ROPE; k++) {
                            dot += qRope[k] * kRope[k];
                        }
                        w[j] = Math.exp(dot / Math.sqrt(qk));
                        z += w[j];
                    }
                    double[] oLatent = new double[RANK];
                    for (int j = 0; j <= i; j++) {
                        for (int k = 0; k < RANK; k++) {
                            oLatent[k] += w[j] / z * latent[(b * seq + j) * RANK + k];
                        }
                    }
                    for (int e = 0; e < V; e++) { // · W_UV
                        double sum = 0;
                        for (int k = 0; k < RANK; k++) {
                            sum += oLatent[k] * up[k * upWidth + h * (NOPE + V) + NOPE + e];
                        }
                        heads[(b * seq + i) * HEADS * V + h * V + e] = sum;
                    }
                }
            }
        }
        double[] expected = project(heads, tokens, HEADS * V, mw.get(WeightLayout.wo(0)), HIDDEN);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertTrue(scale > 0.1, "outputs this small would make the comparison weak: " + scale);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], naive.output()[i], 1e-12 * scale, "output " + i);
        }

        // the cache holds the normed latent and the rotated shared key of each position, nothing per head
        assertEquals(batch * seq * RANK, naive.cache().keys().length);
        assertEquals(batch * seq * ROPE, naive.cache().values().length);
        for (int t = 0; t < tokens; t++) {
            double[] kRope = rotated(down, t * (RANK + ROPE) + RANK, t % seq);
            for (int k = 0; k < ROPE; k++) {
                assertEquals(kRope[k], naive.cache().values()[t * ROPE + k], 1e-12, "rope key of token " + t);
            }
            for (int k = 0; k < RANK; k++) {
                assertEquals(latent[t * RANK + k], naive.cache().keys()[t * RANK + k], 1e-12, "latent of " + t);
            }
        }
    }
}
