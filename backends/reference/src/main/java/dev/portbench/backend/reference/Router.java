package dev.portbench.backend.reference;

import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.RouterSpec;

/**
 * One MoE layer's router (docs/model.md, {@link RouterSpec}): scores from the logits, the choice (scores plus the
 * correction bias, restricted to the best groups), the top-k by the choice, and the chosen experts' weights from the
 * scores alone.
 */
final class Router {
    private final MoeSpec moe;
    private final RouterSpec spec;
    /** e_score_correction_bias [experts], or null. */
    private final double[] bias;

    Router(MoeSpec moe, double[] bias) {
        this.moe = moe;
        this.spec = moe.router();
        this.bias = bias;
    }

    /**
     * Routes one token: {@code logits[from, from + experts)} become its scores in place.
     *
     * @param topK   receives the chosen experts at {@code to}, in descending choice score (ties: lower index first)
     * @param weight receives their weights at {@code to}
     */
    void route(Kernels k, double[] logits, int from, long[] topK, double[] weight, int to) {
        int experts = moe.experts();
        if (spec.scoring() == RouterSpec.Scoring.SOFTMAX) {
            k.softmaxInPlace(logits, from, experts);
        } else {
            for (int e = from; e < from + experts; e++) {
                logits[e] = k.round(1.0 / k.round(1.0 + k.round(Math.exp(-logits[e]))));
            }
        }
        double[] choice = new double[experts];
        for (int e = 0; e < experts; e++) {
            choice[e] = bias == null ? logits[from + e] : k.round(logits[from + e] + bias[e]);
        }
        if (spec.grouped()) {
            keepBestGroups(k, choice);
        }
        int kk = moe.topK();
        selectTopK(choice, topK, to, kk);
        double sum = 0;
        for (int j = 0; j < kk; j++) {
            weight[to + j] = logits[from + (int) topK[to + j]];
            sum = k.round(sum + weight[to + j]);
        }
        for (int j = 0; j < kk; j++) {
            double w = spec.normTopK() ? k.round(weight[to + j] / sum) : weight[to + j];
            // the factor rounded too: in fp32 every operand is a single (2.827 is not one)
            weight[to + j] = spec.routedScaling() == 1.0 ? w : k.round(w * k.round(spec.routedScaling()));
        }
    }

    /** Sets the choice of every expert outside the topk_group best groups to −∞. */
    private void keepBestGroups(Kernels k, double[] choice) {
        int groups = spec.groups();
        int size = moe.expertsPerGroup();
        double[] groupScore = new double[groups];
        for (int g = 0; g < groups; g++) {
            groupScore[g] = spec.correctionBias() ? sumOfBestTwo(k, choice, g * size, size) : max(choice, g * size, size);
        }
        long[] kept = new long[spec.topkGroups()];
        selectTopK(groupScore, kept, 0, kept.length);
        boolean[] keep = new boolean[groups];
        for (long g : kept) {
            keep[(int) g] = true;
        }
        for (int g = 0; g < groups; g++) {
            if (!keep[g]) {
                java.util.Arrays.fill(choice, g * size, (g + 1) * size, Double.NEGATIVE_INFINITY);
            }
        }
    }

    private static double max(double[] x, int from, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + n; i++) {
            m = Math.max(m, x[i]);
        }
        return m;
    }

    private static double sumOfBestTwo(Kernels k, double[] x, int from, int n) {
        long[] best = new long[2];
        double[] group = java.util.Arrays.copyOfRange(x, from, from + n);
        selectTopK(group, best, 0, 2);
        return k.round(group[(int) best[0]] + group[(int) best[1]]);
    }

    /** The {@code count} largest values' indices, descending; on equal values the lower index comes first. */
    private static void selectTopK(double[] values, long[] into, int to, int count) {
        boolean[] taken = new boolean[values.length];
        for (int j = 0; j < count; j++) {
            int best = -1;
            for (int e = 0; e < values.length; e++) {
                if (!taken[e] && (best < 0 || values[e] > values[best])) {
                    best = e;
                }
            }
            taken[best] = true;
            into[to + j] = best;
        }
    }
}
