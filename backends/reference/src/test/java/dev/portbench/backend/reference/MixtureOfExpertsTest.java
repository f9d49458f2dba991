package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.WeightLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dispatch (gather the routed tokens, run the expert on them, scatter-add) must give what running every expert densely
 * on every token and mixing with the renormalised top-k weights gives.
 */
class MixtureOfExpertsTest {
    private static final int HIDDEN = 8;
    private static final int WIDTH = 6;
    private static final int EXPERTS = 4;
    private static final int TOKENS = 12;

    private static double[] matmul(double[] x, int rows, int in, float[] w, int out) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                double s = 0;
                for (int k = 0; k < in; k++) {
                    s += x[r * in + k] * w[k * out + j];
                }
                y[r * out + j] = s;
            }
        }
        return y;
    }

    /** One expert on one token, densely. */
    private static double[] swiGlu(ModelWeights w, String prefix, double[] token) {
        double[] g = matmul(token, 1, HIDDEN, w.get(prefix + ".w_gate"), WIDTH);
        double[] u = matmul(token, 1, HIDDEN, w.get(prefix + ".w_up"), WIDTH);
        double[] h = new double[WIDTH];
        for (int j = 0; j < WIDTH; j++) {
            h[j] = g[j] / (1 + Math.exp(-g[j])) * u[j];
        }
        return matmul(h, 1, WIDTH, w.get(prefix + ".w_down"), HIDDEN);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void dispatchEqualsDenseMixtureOverTopKWithRenormalisedWeights(int topK) {
        ModelSpec spec = new ModelSpec("moe-unit", 16, HIDDEN, 1, 2, 1, 4, 0,
                new MoeSpec(EXPERTS, topK, WIDTH, 1), 1e4, 1e-5, 8);
        ModelWeights mw = new ModelWeights(WeightLayout.of(spec), 5);
        Random r = new Random(topK);
        double[] x = new double[TOKENS * HIDDEN];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        long[] routed = new long[TOKENS * topK];
        double[] y = new MixtureOfExperts(spec, new ReferenceWeights(mw), 0)
                .apply(new Kernels(Precision.FP64), x, TOKENS, routed);

        Set<Long> used = new HashSet<>();
        for (int t = 0; t < TOKENS; t++) {
            double[] token = Arrays.copyOfRange(x, t * HIDDEN, (t + 1) * HIDDEN);
            double[] logits = matmul(token, 1, HIDDEN, mw.get(WeightLayout.router(0)), EXPERTS);
            double z = 0;
            double[] p = new double[EXPERTS];
            for (int e = 0; e < EXPERTS; e++) {
                p[e] = Math.exp(logits[e]);
                z += p[e];
            }
            for (int e = 0; e < EXPERTS; e++) {
                p[e] /= z;
            }
            int[] order = IntStream.range(0, EXPERTS).boxed()
                    .sorted(Comparator.comparingDouble((Integer e) -> -p[e])).mapToInt(Integer::intValue).toArray();
            long[] expectedTop = new long[topK];
            double kept = 0;
            for (int j = 0; j < topK; j++) {
                expectedTop[j] = order[j];
                kept += p[order[j]];
            }
            assertArrayEquals(expectedTop, Arrays.copyOfRange(routed, t * topK, (t + 1) * topK), "token " + t);

            double[] expected = swiGlu(mw, WeightLayout.shared(0, 0), token);
            for (int j = 0; j < topK; j++) {
                int e = order[j];
                used.add((long) e);
                double[] out = swiGlu(mw, WeightLayout.expert(0, e), token);
                for (int c = 0; c < HIDDEN; c++) {
                    expected[c] += p[e] / kept * out[c];
                }
            }
            for (int c = 0; c < HIDDEN; c++) {
                assertEquals(expected[c], y[t * HIDDEN + c], 1e-12, "token " + t + " channel " + c);
            }
        }
        if (topK == 1) {
            assertTrue(used.size() >= 2, "12 tokens all went to one expert: the test would not exercise dispatch");
        }
    }
}
