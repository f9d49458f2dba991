package dev.portbench.backend.reference;

import dev.portbench.backend.ForwardOutputs;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.WeightLayout;
import dev.portbench.scenarios.Workload;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceDecoderTest {
    private static final ModelSpec DENSE = new ModelSpec("dec", 20, 12, 2, 4, 2, 6, 10, null, 1e4, 1e-5, 8);
    private static final ModelSpec MOE = new ModelSpec("dec-moe", 20, 12, 2, 4, 2, 6, 0, new MoeSpec(3, 2, 5, 1),
            1e4, 1e-5, 8);

    private static double[] rmsNorm(double[] x, int rows, int width, float[] gain, double eps) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double ms = 0;
            for (int i = 0; i < width; i++) {
                ms += x[r * width + i] * x[r * width + i];
            }
            double inv = 1 / Math.sqrt(ms / width + eps);
            for (int i = 0; i < width; i++) {
                y[r * width + i] = x[r * width + i] * inv * gain[i];
            }
        }
        return y;
    }

    private static void add(double[] acc, double[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
    }

    /**
     * x = Embed[ids]; per layer h = x + Attn(RMSNorm(x)), x = h + FFN(RMSNorm(h)); logits = RMSNorm(x) · W_lm, put
     * together here from the separately tested attention and FFN blocks.
     */
    private static double[] handLogits(ModelSpec spec, ModelWeights mw, TokenInputs in) {
        ReferenceWeights rw = new ReferenceWeights(mw);
        Kernels k = new Kernels(Precision.FP64);
        int h = spec.hidden();
        int tokens = in.batch() * in.seqLen();
        float[] embed = mw.get(WeightLayout.embed());
        double[] x = new double[tokens * h];
        for (int t = 0; t < tokens; t++) {
            for (int c = 0; c < h; c++) {
                x[t * h + c] = embed[(int) in.ids()[t] * h + c];
            }
        }
        for (int l = 0; l < spec.layers(); l++) {
            double[] a = rmsNorm(x, tokens, h, mw.get(WeightLayout.attnNorm(l)), spec.rmsNormEps());
            add(x, new GroupedQueryAttention(spec, rw, l).apply(k, a, in.batch(), in.seqLen(),
                    AttentionLayer.LayerCache.empty()).output());
            double[] f = rmsNorm(x, tokens, h, mw.get(WeightLayout.ffnNorm(l)), spec.rmsNormEps());
            add(x, spec.isMoe()
                    ? new MixtureOfExperts(spec, rw, l).apply(k, f, tokens, new long[tokens * spec.moe().topK()])
                    : new SwiGlu(rw, WeightLayout.denseFfn(l)).apply(k, f, tokens));
        }
        double[] n = rmsNorm(x, tokens, h, mw.get(WeightLayout.finalNorm()), spec.rmsNormEps());
        float[] lm = mw.get(WeightLayout.lmHead());
        double[] logits = new double[tokens * spec.vocabSize()];
        for (int t = 0; t < tokens; t++) {
            for (int v = 0; v < spec.vocabSize(); v++) {
                for (int c = 0; c < h; c++) {
                    logits[t * spec.vocabSize() + v] += n[t * h + c] * lm[c * spec.vocabSize() + v];
                }
            }
        }
        return logits;
    }

    private static void assertForwardMatchesHandComposition(ModelSpec spec) {
        ModelWeights mw = new ModelWeights(WeightLayout.of(spec), 21);
        TokenInputs in = TokenInputs.seeded(22, spec.vocabSize(), Workload.prefill(2, 5));
        ForwardOutputs out = new ReferenceDecoder(spec, new ReferenceWeights(mw), Precision.FP64).forward(in);
        assertArrayEquals(new long[] {2, 5, spec.vocabSize()}, out.logits().shape());
        double[] expected = handLogits(spec, mw, in);
        double[] actual = out.logits().doubles();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-10 * Math.max(1, Math.abs(expected[i])), "logit " + i);
        }
    }

    @Test
    void denseForwardIsPreNormResidualComposition() {
        assertForwardMatchesHandComposition(DENSE);
    }

    @Test
    void moeForwardIsPreNormResidualComposition() {
        assertForwardMatchesHandComposition(MOE);
    }

    @Test
    void routingHasOneArrayPerMoeLayerAndNoneForDense() {
        TokenInputs in = TokenInputs.seeded(1, 20, Workload.prefill(1, 3));
        ForwardOutputs moe = new ReferenceDecoder(MOE, new ReferenceWeights(new ModelWeights(WeightLayout.of(MOE), 1)),
                Precision.FP64).forward(in);
        assertEquals(2, moe.routerTopK().size());
        assertEquals(3 * 2, moe.routerTopK().get(1).length);
        ForwardOutputs dense = new ReferenceDecoder(DENSE,
                new ReferenceWeights(new ModelWeights(WeightLayout.of(DENSE), 1)), Precision.FP64).forward(in);
        assertEquals(0, dense.routerTopK().size());
    }

    @Test
    void tokenOutsideVocabularyIsRejectedNamingIdAndPosition() {
        ReferenceDecoder d = new ReferenceDecoder(DENSE,
                new ReferenceWeights(new ModelWeights(WeightLayout.of(DENSE), 1)), Precision.FP64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.forward(new TokenInputs(1, 3, new long[] {0, 20, 1})));
        assertTrue(e.getMessage().contains("token id 20 at position 1") && e.getMessage().contains("[0, 20)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.forward(new TokenInputs(1, 1, new long[] {-1})));
    }

    @Test
    void sequenceLongerThanMaxSeqLenIsRejected() {
        ReferenceDecoder d = new ReferenceDecoder(DENSE,
                new ReferenceWeights(new ModelWeights(WeightLayout.of(DENSE), 1)), Precision.FP64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.forward(new TokenInputs(1, 9, new long[9])));
        assertTrue(e.getMessage().contains("context of 9 positions exceeds max_seq_len 8"), e.getMessage());
    }
}
