package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSpecTest {

    /** A valid dense spec; each test changes one field. */
    private static ModelSpec dense(String name, int vocab, int hidden, int layers, int heads, int kvHeads,
                                   int headDim, int ffn, double theta, double eps, int maxSeq) {
        return new ModelSpec(name, vocab, hidden, layers, heads, kvHeads, headDim, ffn, null, theta, eps, maxSeq);
    }

    private static void assertRejected(String expectedInMessage, Runnable construct) {
        SpecException e = assertThrows(SpecException.class, construct::run);
        assertTrue(e.getMessage().contains(expectedInMessage),
                "expected '" + expectedInMessage + "' in: " + e.getMessage());
    }

    @Test
    void validSpecIsAccepted() {
        ModelSpec s = dense("m", 256, 64, 2, 4, 2, 16, 128, 1e4, 1e-5, 64);
        assertEquals(2, s.groupSize());
        assertTrue(!s.isMoe() && s.moeSpec().isEmpty());
    }

    /** dense-small: 4 layers × (key + value) × 2 kv heads × 32 channels × 2 bytes = 1024 bytes a token in fp16. */
    @Test
    void kvCacheBytesPerTokenCountKeysAndValuesOfEveryKvHead() {
        ModelSpec small = ScenarioCatalog.builtIn().find("dense-small").orElseThrow().model();
        assertEquals(1024, small.kvCacheBytesPerToken(2));
        assertEquals(2048, small.kvCacheBytesPerToken(4));
    }

    @Test
    void headsNotDivisibleByKvHeadsIsRejectedNamingBoth() {
        assertRejected("heads = 6 is not divisible by kv_heads = 4",
                () -> dense("m", 256, 64, 2, 6, 4, 16, 128, 1e4, 1e-5, 64));
    }

    @Test
    void oddHeadDimIsRejected() {
        assertRejected("head_dim = 15", () -> dense("m", 256, 64, 2, 4, 2, 15, 128, 1e4, 1e-5, 64));
    }

    @Test
    void nonPositiveIntegerFieldsAreRejectedNamingFieldAndValue() {
        assertRejected("vocab_size = 0", () -> dense("m", 0, 64, 2, 4, 2, 16, 128, 1e4, 1e-5, 64));
        assertRejected("hidden = -1", () -> dense("m", 256, -1, 2, 4, 2, 16, 128, 1e4, 1e-5, 64));
        assertRejected("layers = 0", () -> dense("m", 256, 64, 0, 4, 2, 16, 128, 1e4, 1e-5, 64));
        assertRejected("heads = 0", () -> dense("m", 256, 64, 2, 0, 2, 16, 128, 1e4, 1e-5, 64));
        assertRejected("kv_heads = 0", () -> dense("m", 256, 64, 2, 4, 0, 16, 128, 1e4, 1e-5, 64));
        assertRejected("head_dim = -2", () -> dense("m", 256, 64, 2, 4, 2, -2, 128, 1e4, 1e-5, 64));
        assertRejected("ffn_hidden = 0", () -> dense("m", 256, 64, 2, 4, 2, 16, 0, 1e4, 1e-5, 64));
        assertRejected("max_seq_len = 0", () -> dense("m", 256, 64, 2, 4, 2, 16, 128, 1e4, 1e-5, 0));
    }

    @Test
    void nonPositiveOrNonFiniteRealFieldsAreRejected() {
        assertRejected("rope_theta = 0.0", () -> dense("m", 256, 64, 2, 4, 2, 16, 128, 0.0, 1e-5, 64));
        assertRejected("rope_theta = NaN", () -> dense("m", 256, 64, 2, 4, 2, 16, 128, Double.NaN, 1e-5, 64));
        assertRejected("rms_norm_eps = -1.0E-5", () -> dense("m", 256, 64, 2, 4, 2, 16, 128, 1e4, -1e-5, 64));
        assertRejected("rms_norm_eps = Infinity",
                () -> dense("m", 256, 64, 2, 4, 2, 16, 128, 1e4, Double.POSITIVE_INFINITY, 64));
    }

    @Test
    void ffnHiddenOnMoeModelIsRejected() {
        assertRejected("ffn_hidden = 128 on an MoE model", () -> new ModelSpec("m", 256, 64, 2, 4, 2, 16, 128,
                new MoeSpec(4, 2, 64, 0), 1e4, 1e-5, 64));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dense", "-dense", "dense tiny", "", "dénse"})
    void badNameIsRejectedQuotingIt(String name) {
        assertRejected("name = '" + name + "'", () -> dense(name, 256, 64, 2, 4, 2, 16, 128, 1e4, 1e-5, 64));
    }

    @Test
    void nullNameIsRejected() {
        assertRejected("name = 'null'", () -> dense(null, 256, 64, 2, 4, 2, 16, 128, 1e4, 1e-5, 64));
    }

    /** Hand count, tensor by tensor, as docs/model.md describes the model. */
    private static long handTotal(ModelSpec s, boolean activeOnly) {
        long h = s.hidden();
        long q = (long) s.heads() * s.headDim();
        long kv = (long) s.kvHeads() * s.headDim();
        long attention = h /* attn_norm */ + h * q + h * kv + h * kv + q * h;
        long ffn;
        if (s.isMoe()) {
            MoeSpec m = s.moe();
            long experts = activeOnly ? m.topK() : m.experts();
            ffn = h /* ffn_norm */ + h * m.experts() /* router */
                    + (experts + m.sharedExperts()) * 3 * h * m.expertFfnHidden();
        } else {
            ffn = h + 3 * h * s.ffnHidden();
        }
        long embedAndHead = (long) s.vocabSize() * h + h /* final_norm */ + h * s.vocabSize();
        return embedAndHead + s.layers() * (attention + ffn);
    }

    private static ModelSpec catalog(String name) {
        return ScenarioCatalog.builtIn().find(name).orElseThrow().model();
    }

    @Test
    void denseTinyParametersMatchHandCount() {
        ModelSpec s = catalog("dense-tiny");
        // 2·256·64 + 64 = 32 832; per layer 64 + 64·64 + 2·64·32 + 64·64 + 64 + 3·64·192 = 49 280
        assertEquals(32_832L + 2 * 49_280L, s.totalParameters());
        assertEquals(handTotal(s, false), s.totalParameters());
        assertEquals(s.totalParameters(), s.activeParameters());
    }

    @Test
    void moeTinyParametersMatchHandCount() {
        ModelSpec s = catalog("moe-tiny");
        // per layer: attention 12 352, ffn_norm 64, router 64·4 = 256, (4 + 1 shared)·3·64·64 = 61 440
        assertEquals(32_832L + 2 * (12_352L + 64 + 256 + 61_440), s.totalParameters());
        assertEquals(handTotal(s, false), s.totalParameters());
        // active: (2 routed + 1 shared)·3·64·64 = 36 864
        assertEquals(32_832L + 2 * (12_352L + 64 + 256 + 36_864), s.activeParameters());
        assertEquals(handTotal(s, true), s.activeParameters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense-tiny", "moe-tiny", "mla-tiny", "dense-small", "moe-small", "deepseek-style"})
    void totalParametersEqualTheSumOfAllWeightTensorSizes(String name) {
        ModelSpec s = catalog(name);
        WeightLayout layout = WeightLayout.of(s);
        long sum = 0;
        for (TensorSpec t : layout.tensors()) {
            long n = 1;
            for (int d : t.shape()) {
                n *= d;
            }
            sum += n;
        }
        assertEquals(sum, s.totalParameters());
        assertEquals(sum, layout.parameterCount());
    }

    @Test
    void moeSmallActiveParametersExceedDenseSmallByExactlyTheRouters() {
        ModelSpec dense = catalog("dense-small");
        ModelSpec moe = catalog("moe-small");
        long routers = (long) moe.layers() * moe.hidden() * moe.moe().experts();
        assertEquals(4L * 256 * 8, routers);
        assertEquals(routers, moe.activeParameters() - dense.activeParameters());
    }

    @Test
    void mlaTinyParametersMatchHandCount() {
        ModelSpec s = catalog("mla-tiny");
        // hidden 64, 4 heads, q_lora 32, kv_lora 24, nope 16, rope 8, v 12; per layer attention:
        // attn_norm 64 + wq_a 64·32 + q_a_norm 32 + wq_b 32·4·24 + wkv_a 64·32 + kv_a_norm 24 + wkv_b 24·4·28
        // + wo 48·64 = 64 + 2048 + 32 + 3072 + 2048 + 24 + 2688 + 3072 = 13 048
        long dense = 64 + 3 * 64 * 128; // layer 0: ffn_norm and a SwiGLU of 128
        long router = 64 * 8 + 8; // the router and its correction bias
        long moe = 64 + router + (8 + 1) * 3 * 64 * 32; // layers 1 and 2: 8 routed + 1 shared experts of 32
        assertEquals(32_832L + 3 * 13_048L + dense + 2 * moe, s.totalParameters());
        assertEquals(208_376L, s.totalParameters());
        assertEquals(32_832L + 3 * 13_048L + dense + 2 * (64 + router + (2 + 1) * 3 * 64 * 32), s.activeParameters());
        assertArrayEquals(new int[] {1, 2}, s.moeLayers());
    }

    @Test
    void mlaCachesTheLatentAndTheRopeKeyOnly() {
        ModelSpec mla = catalog("mla-tiny");
        // 3 layers × (kv_lora_rank 24 + qk_rope_head_dim 8) × 2 bytes, against moe-tiny's 2 × 2 kv heads × 2 × 16 × 2
        assertEquals(192, mla.kvCacheBytesPerToken(2));
        assertEquals(256, catalog("moe-tiny").kvCacheBytesPerToken(2));
        assertArrayEquals(new long[] {3, 1, 5, 24}, mla.kvCacheShape().keys(3, 5));
        assertArrayEquals(new long[] {3, 1, 5, 8}, mla.kvCacheShape().values(3, 5));
        // deepseek-style (V2-Lite's attention): 512 + 64 per layer, where plain MHA of 16 heads of 128 caches 4096
        assertEquals(576L * 4, catalog("deepseek-style").kvCacheBytesPerToken(4));
    }

    @Test
    void mlaNeedsKvHeadsEqualToHeadsAndHeadDimEqualToTheQueryWidth() {
        MlaSpec mla = new MlaSpec(0, 24, 16, 8, 12);
        assertRejected("kv_heads = 2 with mla; expected kv_heads = heads = 4", () -> new ModelSpec("m", 256, 64, 2,
                4, 2, 24, 128, null, 1e4, 1e-5, 64, false, false, mla));
        assertRejected("head_dim = 16 with mla; expected qk_nope_head_dim + qk_rope_head_dim = 24",
                () -> new ModelSpec("m", 256, 64, 2, 4, 4, 16, 128, null, 1e4, 1e-5, 64, false, false, mla));
        assertRejected("qk_norm = true with mla", () -> new ModelSpec("m", 256, 64, 2, 4, 4, 24, 128, null, 1e4,
                1e-5, 64, true, false, mla));
        assertRejected("mla.qk_rope_head_dim = 7", () -> new MlaSpec(0, 24, 16, 7, 12));
        assertRejected("mla.kv_lora_rank = 0", () -> new MlaSpec(0, 0, 16, 8, 12));
        assertRejected("mla.q_lora_rank = -1", () -> new MlaSpec(-1, 24, 16, 8, 12));
    }
}
