package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FLOPs and bytes of a forward pass against hand counts. The widths are written out from the catalog's YAML files
 * rather than read back through ModelSpec, so a count that read the wrong field would not agree with itself.
 */
class ForwardCostTest {
    private static final ModelSpec DENSE_TINY = model("dense-tiny");
    private static final ModelSpec DENSE_SMALL = model("dense-small");
    private static final ModelSpec MOE_TINY = model("moe-tiny");
    private static final ModelSpec MOE_SMALL = model("moe-small");

    private static ModelSpec model(String name) {
        return ScenarioCatalog.builtIn().find(name).orElseThrow().model();
    }

    // dense-small: vocab 2048, hidden 256, 4 layers, 8 heads, 2 kv heads, head_dim 32, ffn 768, max_seq_len 256.
    /** q, k, v, o projections: 256·256 + 2·256·(2·32) + 256·256. */
    private static final long SMALL_ATTN_MACS = 256 * 256 + 2 * 256 * 64 + 256 * 256; // 163 840
    private static final long SMALL_LM_HEAD = 256 * 2048;
    /** A dense-small layer's weights: attn_norm, q/k/v/o, ffn_norm, gate/up/down. */
    private static final long SMALL_DENSE_LAYER = 256 + SMALL_ATTN_MACS + 256 + 3 * 256 * 768;
    /** KV elements one position of one sequence adds: keys and values × 4 layers × 2 kv heads × 32. */
    private static final long SMALL_KV_PER_POSITION = 2 * 4 * 2 * 32;

    @Test
    void denseSmallPrefillMatchesHandCount() {
        long perToken = 4 * (SMALL_ATTN_MACS + 3 * 256 * 768) + SMALL_LM_HEAD; // lm_head on every position
        long attention = 2 /* QK^T, P·V */ * 4 * 8 * 32 * (128 * 129 / 2); // query i sees i + 1 keys
        long flops = 2 * (128 * perToken + attention);

        long weights = 128 * 256 /* embedding rows */ + 4 * SMALL_DENSE_LAYER + 256 /* final_norm */ + SMALL_LM_HEAD;
        long bytes = 4 * weights + 4 * SMALL_KV_PER_POSITION * 128;

        ForwardCost c = ForwardCost.prefill(DENSE_SMALL, Dtype.FP32, 1, 128);
        assertEquals(flops, c.flops());
        assertEquals(bytes, c.bytes());
        assertEquals(14_558_208, c.bytes());
        assertEquals(c.flops() / c.bytes(), c.intensity());
    }

    @Test
    void denseSmallPrefillIsAbout094Gflop() {
        // The colleague's rough figure holds: 939 786 240 FLOPs, of which the lm_head on all 128 positions is
        // 2·128·256·2048 = 134 217 728 (14 %) and causal attention 33 816 576 (3.6 %).
        ForwardCost c = ForwardCost.prefill(DENSE_SMALL, Dtype.FP32, 1, 128);
        assertEquals(939_786_240, c.flops());
        assertEquals(0.94e9, c.flops(), 0.01 * 0.94e9);
    }

    @Test
    void elementWiseWorkLeftOutIsUnderOnePercentOfDenseSmallPrefill() {
        // Counting each exp, sqrt and division as one FLOP: 5 882 368, 0.63 % of the products' 939 786 240
        // (1.3 % if an exp or a division counts as 10).
        long s = 128;
        long norms = (2 * 4 + 1) * (4 * 256 + 4) * s; // x², sum, ·1/rms, ·gain a value; mean, +ε, √, 1/x a row
        long rope = 4 * (8 + 2) * 32 * 3 * s; // q and k: two products and a sum a value
        long softmax = 4 * 8 * 6 * (s * (s + 1) / 2); // scale, max, subtract, exp, sum, divide a score
        long swiGlu = 4 * 768 * 6 * s; // sigmoid (negate, exp, add, divide), ·gate, ⊙up
        long residual = 4 * 2 * 256 * s;
        long elementWise = norms + rope + softmax + swiGlu + residual;
        assertEquals(5_882_368, elementWise);
        double products = ForwardCost.prefill(DENSE_SMALL, Dtype.FP32, 1, 128).flops();
        assertTrue(elementWise < 0.01 * products, elementWise + " vs " + products);
    }

    @Test
    void denseSmallDecodeStepMatchesHandCount() {
        // batch 2, 70 cached positions: each new token sees 71 keys
        long perToken = 4 * (SMALL_ATTN_MACS + 3 * 256 * 768) + SMALL_LM_HEAD;
        long attention = 2 * 2 /* batch */ * 4 * 8 * 32 * 71;
        long flops = 2 * (2 * perToken + attention);

        long weights = 2 * 256 /* two rows looked up */ + 4 * SMALL_DENSE_LAYER + 256 + SMALL_LM_HEAD;
        long kv = 2 /* batch */ * SMALL_KV_PER_POSITION * (70 /* read */ + 1 /* written */);
        ForwardCost c = ForwardCost.decodeStep(DENSE_SMALL, Dtype.FP32, 2, 70);
        assertEquals(flops, c.flops());
        assertEquals(4 * weights + 4 * kv, c.bytes());
    }

    // moe-small: as dense-small, but 8 experts of 384, top-2, no shared expert.
    private static final long SMALL_EXPERT = 3 * 256 * 384;
    private static final long SMALL_ROUTER = 256 * 8;

    /** Weights touched by a moe-small pass that reaches {@code experts} routed experts in every layer. */
    private static long moeSmallWeights(long embeddingRows, long experts) {
        long layer = 256 + SMALL_ATTN_MACS + 256 + SMALL_ROUTER + experts * SMALL_EXPERT;
        return embeddingRows * 256 + 4 * layer + 256 + SMALL_LM_HEAD;
    }

    @Test
    void moeSmallPrefillRunsTopKExpertsPerTokenAndReadsAllEight() {
        long perToken = 4 * (SMALL_ATTN_MACS + SMALL_ROUTER + 2 * SMALL_EXPERT) + SMALL_LM_HEAD;
        long attention = 2 * 4 * 8 * 32 * (128 * 129 / 2);
        ForwardCost c = ForwardCost.prefill(MOE_SMALL, Dtype.FP32, 1, 128);
        assertEquals(2 * (128 * perToken + attention), c.flops());
        // 128 tokens × top-2 can reach all 8 experts
        assertEquals(4 * moeSmallWeights(128, 8) + 4 * SMALL_KV_PER_POSITION * 128, c.bytes());
    }

    @Test
    void moeSmallDecodeStepReadsOnlyTheExpertsItsTokensCanReach() {
        long perToken = 4 * (SMALL_ATTN_MACS + SMALL_ROUTER + 2 * SMALL_EXPERT) + SMALL_LM_HEAD;
        for (int batch : new int[] {1, 3, 4, 5}) {
            long reachable = Math.min(8, batch * 2); // 2, 6, then the cap of 8
            long attention = 2L * batch * 4 * 8 * 32 * 65;
            ForwardCost c = ForwardCost.decodeStep(MOE_SMALL, Dtype.FP32, batch, 64);
            assertEquals(2 * (batch * perToken + attention), c.flops(), "batch " + batch);
            assertEquals(4 * moeSmallWeights(batch, reachable) + 4L * batch * SMALL_KV_PER_POSITION * 65, c.bytes(),
                    "batch " + batch);
        }
    }

    @Test
    void moeTinyDecodeStepCountsTheSharedExpertOnEveryToken() {
        // moe-tiny: vocab 256, hidden 64, 2 layers, 4 heads, 2 kv heads, head_dim 16, 4 experts of 64, top-2, 1 shared
        long attn = 64 * 64 + 2 * 64 * 32 + 64 * 64;
        long expert = 3 * 64 * 64;
        long router = 64 * 4;
        long perToken = 2 * (attn + router + (2 + 1) * expert) + 64 * 256;
        long attention = 2 * 2 * 4 * 16 * 11; // 10 cached positions + the new one
        long weights = 64 /* one row */ + 2 * (64 + attn + 64 + router + (2 + 1) * expert) + 64 + 64 * 256;
        long kv = 2 * 2 * 2 * 16 * 11;
        ForwardCost c = ForwardCost.decodeStep(MOE_TINY, Dtype.FP32, 1, 10);
        assertEquals(2 * (perToken + attention), c.flops());
        assertEquals(4 * weights + 4 * kv, c.bytes());
    }

    @Test
    void halfPrecisionHalvesWeightsAndCacheButTheRouterStaysFp32() {
        ForwardCost fp32 = ForwardCost.prefill(DENSE_SMALL, Dtype.FP32, 1, 128);
        ForwardCost fp16 = ForwardCost.prefill(DENSE_SMALL, Dtype.FP16, 1, 128);
        assertEquals(fp32.flops(), fp16.flops());
        assertEquals(fp32.bytes() / 2, fp16.bytes());
        assertEquals(fp16, ForwardCost.prefill(DENSE_SMALL, Dtype.BF16, 1, 128));

        // moe-small, batch 1, 64 cached: every element 2 bytes lighter but the 4 layers' routers
        long elements = moeSmallWeights(1, 2) + SMALL_KV_PER_POSITION * 65;
        double saved = ForwardCost.decodeStep(MOE_SMALL, Dtype.FP32, 1, 64).bytes()
                - ForwardCost.decodeStep(MOE_SMALL, Dtype.FP16, 1, 64).bytes();
        assertEquals(2 * (elements - 4 * SMALL_ROUTER), saved);
    }

    @Test
    void int8WeightOnlyStoresProjectionsInOneByteAndKeepsAnFp32Cache() {
        // dense-tiny: vocab 256, hidden 64, 2 layers, 4 heads, 2 kv heads, head_dim 16, ffn 192.
        // A quantised [in, out] projection is in·out bytes plus out fp32 scales.
        long layer = 2 * 64 * 4 /* norms, fp32 */
                + (64 * 64 + 64 * 4) /* wq */ + 2 * (64 * 32 + 32 * 4) /* wk, wv */ + (64 * 64 + 64 * 4) /* wo */
                + 2 * (64 * 192 + 192 * 4) /* gate, up */ + (192 * 64 + 64 * 4) /* down */;
        long weights = 64 * 4 /* one fp32 embedding row */ + 2 * layer + 64 * 4 + (64 * 256 + 256 * 4) /* lm_head */;
        long kv = 2 * 2 * 2 * 16 * 6 * 4; // 5 cached + 1 new, 4 bytes: int8-wo keeps activations in fp32
        assertEquals(weights + kv, ForwardCost.decodeStep(DENSE_TINY, Dtype.INT8_WO, 1, 5).bytes());
    }

    @Test
    void decodeStepsIsTheMeanOfTheTimedSteps() {
        // dense-small's decode workload: prompt 64, 32 new tokens; the steps timed sit at past 64 .. 94
        double flops = 0;
        double bytes = 0;
        for (int past = 64; past <= 94; past++) {
            ForwardCost step = ForwardCost.decodeStep(DENSE_SMALL, Dtype.FP16, 1, past);
            flops += step.flops();
            bytes += step.bytes();
        }
        ForwardCost mean = ForwardCost.decodeSteps(DENSE_SMALL, Dtype.FP16, 1, 64, 32);
        assertEquals(flops / 31, mean.flops());
        assertEquals(bytes / 31, mean.bytes());
        // the cost is affine in the past length, so the mean is the middle step's
        assertEquals(ForwardCost.decodeStep(DENSE_SMALL, Dtype.FP16, 1, 79), mean);
    }

    @Test
    void oneOrTwoNewTokensTimeTheSingleStepAfterThePrompt() {
        ForwardCost first = ForwardCost.decodeStep(MOE_SMALL, Dtype.FP32, 2, 64);
        assertEquals(first, ForwardCost.decodeSteps(MOE_SMALL, Dtype.FP32, 2, 64, 1));
        assertEquals(first, ForwardCost.decodeSteps(MOE_SMALL, Dtype.FP32, 2, 64, 2));
    }

    private static void assertRejected(Executable call, String... expectedInMessage) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : expectedInMessage) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void badArgumentsAreRejectedNamingArgumentValueAndExpectation() {
        assertRejected(() -> ForwardCost.prefill(DENSE_SMALL, Dtype.FP32, 0, 128),
                "batch = 0", "expected a positive number");
        assertRejected(() -> ForwardCost.prefill(DENSE_SMALL, Dtype.FP32, 1, 0),
                "seqLen = 0", "expected a positive number");
        assertRejected(() -> ForwardCost.prefill(DENSE_SMALL, Dtype.FP32, 1, 257),
                "seqLen = 257", "expected at most max_seq_len = 256");
        assertRejected(() -> ForwardCost.decodeStep(DENSE_SMALL, Dtype.FP32, -1, 8),
                "batch = -1", "expected a positive number");
        assertRejected(() -> ForwardCost.decodeStep(DENSE_SMALL, Dtype.FP32, 1, -1),
                "pastLen = -1", "expected 0 <= pastLen <= max_seq_len - 1 = 255");
        assertRejected(() -> ForwardCost.decodeStep(DENSE_SMALL, Dtype.FP32, 1, 256),
                "pastLen = 256", "expected 0 <= pastLen <= max_seq_len - 1 = 255");
        assertRejected(() -> ForwardCost.decodeSteps(DENSE_SMALL, Dtype.FP32, 1, 64, 0),
                "newTokens = 0", "expected a positive number");
        assertRejected(() -> ForwardCost.decodeSteps(DENSE_SMALL, Dtype.FP32, 1, 0, 8),
                "promptLen = 0", "expected a positive number");
        assertRejected(() -> ForwardCost.decodeSteps(DENSE_SMALL, Dtype.FP32, 0, 64, 8),
                "batch = 0", "expected a positive number");
        // the last step timed sits at past 250 + 6 and needs 257 positions
        assertRejected(() -> ForwardCost.decodeSteps(DENSE_SMALL, Dtype.FP32, 1, 250, 8),
                "promptLen = 250 with newTokens = 8", "257 positions", "max_seq_len = 256");
        assertRejected(() -> ForwardCost.decodeSteps(DENSE_SMALL, Dtype.FP32, 1, 256, 1),
                "promptLen = 256 with newTokens = 1", "257 positions");
    }

    @Test
    void mlaTinyDecodeStepDecompressesEveryCachedLatentAndReadsTheLatentCache() {
        // mla-tiny: vocab 256, hidden 64, 3 layers, 4 heads, q_lora 32, kv_lora 24, nope 16, rope 8, v 12; layer 0
        // a dense FFN of 128, layers 1-2 8 experts of 32, top-2, 1 shared; one token after 10 cached positions
        long projections = 64 * 32 + 32 * 4 * 24 + 64 * (24 + 8) + 4 * 12 * 64; // query path, kv_a, o: 10 240
        long dense = 3 * 64 * 128;
        long moe = 64 * 8 + (2 + 1) * 3 * 64 * 32;
        long perToken = 3 * projections + dense + 2 * moe + 64 * 256;
        long decompress = 11 * 3 * (24 * 4 * (16 + 12)); // kv_b on all 11 positions of the 3 layers
        long attention = 3 * 4 * ((16 + 8) + 12) * 11; // per head and key: the score over 24, the value over 12
        ForwardCost c = ForwardCost.decodeStep(model("mla-tiny"), Dtype.FP32, 1, 10);
        assertEquals(2 * (perToken + decompress + attention), c.flops());
        assertEquals(406_048, c.flops());
        long attnWeights = 64 + 64 * 32 + 32 + 32 * 96 + 64 * 32 + 24 + 24 * 112 + 48 * 64;
        long moeWeights = 64 + 64 * 8 + 8 + (2 + 1) * 3 * 64 * 32; // norm, router, bias, the 2 reachable + shared
        long weights = 64 /* one row */ + 3 * attnWeights + 64 + dense + 2 * moeWeights + 64 + 64 * 256;
        long kv = 11 * 3 * (24 + 8); // the latent and the rope key of 11 positions in 3 layers
        assertEquals(4 * weights + 4 * kv, c.bytes());
        assertEquals(477_536, c.bytes());
    }

    @Test
    void absorbedMlaTradesTheDecompressionForPerTokenAbsorptionAndLatentWideScores() {
        ModelSpec naive = model("mla-tiny");
        MlaSpec m = naive.mla();
        ModelSpec absorbed = new ModelSpec(naive.name(), naive.vocabSize(), naive.hidden(), naive.layers(),
                naive.heads(), naive.kvHeads(), naive.headDim(), naive.ffnHidden(), naive.moe(), naive.ropeTheta(),
                naive.rmsNormEps(), naive.maxSeqLen(), false, false, new MlaSpec(m.qLoraRank(), m.kvLoraRank(),
                m.qkNopeHeadDim(), m.qkRopeHeadDim(), m.vHeadDim(), MlaSpec.Form.ABSORBED), naive.ropeScaling());
        long projections = 64 * 32 + 32 * 4 * 24 + 64 * (24 + 8) + 4 * 12 * 64 + 4 * 24 * (16 + 12); // + W_UK, W_UV
        long perToken = 3 * projections + 3 * 64 * 128 + 2 * (64 * 8 + (2 + 1) * 3 * 64 * 32) + 64 * 256;
        long attention = 3 * 4 * (2 * 24 + 8) * 11; // per head and key: score over 24 + 8, sum over the 24 latents
        ForwardCost c = ForwardCost.decodeStep(absorbed, Dtype.FP32, 1, 10);
        assertEquals(2 * (perToken + attention), c.flops());
        assertEquals(250_048, c.flops());
        assertEquals(ForwardCost.decodeStep(naive, Dtype.FP32, 1, 10).bytes(), c.bytes(), "same weights and cache");
    }

    @Test
    void aPrefillOfTheLastPositionsLogitsPaysTheHeadOncePerSequence() {
        ForwardCost all = ForwardCost.prefill(DENSE_SMALL, Dtype.FP32, 1, 128);
        ForwardCost last = ForwardCost.prefill(DENSE_SMALL, Dtype.FP32, 1, 128, LogitPositions.LAST);
        assertEquals(2.0 * 127 * 256 * 2048, all.flops() - last.flops(), "127 fewer head rows of 256 × 2048");
        assertEquals(all.bytes(), last.bytes(), "the same weights and cache move");
        assertEquals(all.flops(), ForwardCost.prefill(DENSE_SMALL, Dtype.FP32, 1, 128, LogitPositions.ALL).flops());
    }

    @Test
    void theLongestContextsAreAccepted() {
        ForwardCost.prefill(DENSE_SMALL, Dtype.FP32, 1, 256);
        ForwardCost.decodeStep(DENSE_SMALL, Dtype.FP32, 1, 255);
        ForwardCost.decodeSteps(DENSE_SMALL, Dtype.FP32, 1, 250, 7);
        ForwardCost.decodeSteps(DENSE_SMALL, Dtype.FP32, 1, 255, 1);
    }
}
