package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Rope;
import dev.portbench.scenarios.WeightLayout;

/** One layer's causal grouped-query attention with RoPE, on tokens laid out [batch, seq] row-major. */
final class GroupedQueryAttention {
    private final ModelSpec spec;
    private final double[] wq;
    private final double[] wk;
    private final double[] wv;
    private final double[] wo;

    GroupedQueryAttention(ModelSpec spec, ReferenceWeights w, int layer) {
        this.spec = spec;
        this.wq = w.get(WeightLayout.wq(layer));
        this.wk = w.get(WeightLayout.wk(layer));
        this.wv = w.get(WeightLayout.wv(layer));
        this.wo = w.get(WeightLayout.wo(layer));
    }

    double[] apply(Kernels k, double[] a, int batch, int seq) {
        int tokens = batch * seq;
        int d = spec.headDim();
        int qWidth = spec.heads() * d;
        int kvWidth = spec.kvHeads() * d;
        double[] q = k.matmul(a, tokens, spec.hidden(), wq, qWidth);
        double[] kk = k.matmul(a, tokens, spec.hidden(), wk, kvWidth);
        double[] v = k.matmul(a, tokens, spec.hidden(), wv, kvWidth);
        rope(k, q, batch, seq, spec.heads());
        rope(k, kk, batch, seq, spec.kvHeads());

        double scale = k.round(1.0 / Math.sqrt(d));
        double[] out = new double[tokens * qWidth];
        double[] scores = new double[seq];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < spec.heads(); h++) {
                int kvHead = h / spec.groupSize();
                for (int i = 0; i < seq; i++) {
                    int qOff = (b * seq + i) * qWidth + h * d;
                    for (int j = 0; j <= i; j++) { // causal: position i sees 0..i
                        int kOff = (b * seq + j) * kvWidth + kvHead * d;
                        double dot = 0;
                        for (int c = 0; c < d; c++) {
                            dot = k.round(dot + k.round(q[qOff + c] * kk[kOff + c]));
                        }
                        scores[j] = k.round(dot * scale);
                    }
                    k.softmaxInPlace(scores, 0, i + 1);
                    for (int j = 0; j <= i; j++) {
                        int vOff = (b * seq + j) * kvWidth + kvHead * d;
                        for (int c = 0; c < d; c++) {
                            out[qOff + c] = k.round(out[qOff + c] + k.round(scores[j] * v[vOff + c]));
                        }
                    }
                }
            }
        }
        return k.matmul(out, tokens, qWidth, wo, spec.hidden());
    }

    /** Rotates each head's (i, i + d/2) pairs by the position's angle; positions restart at 0 in every sequence. */
    private void rope(Kernels k, double[] x, int batch, int seq, int heads) {
        int d = spec.headDim();
        int half = d / 2;
        int width = heads * d;
        for (int s = 0; s < seq; s++) {
            for (int i = 0; i < half; i++) {
                double angle = Rope.angle(s, i, d, spec.ropeTheta());
                double cos = k.round(Math.cos(angle));
                double sin = k.round(Math.sin(angle));
                for (int b = 0; b < batch; b++) {
                    for (int h = 0; h < heads; h++) {
                        int o = (b * seq + s) * width + h * d;
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
