package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * YaRN on DeepSeek-V2-Lite's configuration (64 rotary channels, θ = 10 000, factor 40, trained on 4096, beta_fast 32,
 * beta_slow 1, mscale = mscale_all_dim = 0.707). The expected numbers were computed separately with Python's math
 * module following DeepSeek's DeepseekV3YarnRotaryEmbedding: the ramp runs from pair 10 to pair 23, pairs below keep
 * their trained frequency, pairs above are divided by the factor.
 */
class YarnScalingTest {
    private static final YarnScaling V2_LITE = new YarnScaling(40, 4096, 32, 1, 0.707, 0.707);

    @Test
    void frequenciesFollowDeepSeeksRamp() {
        double[] inv = V2_LITE.inverseFrequencies(64, 10_000);
        assertEquals(32, inv.length);
        assertEquals(1.0, inv[0], 1e-15);
        assertEquals(0.056234132519034905, inv[10], 1e-17); // the ramp's start: still θ^(−20/64)
        assertEquals(0.03900692656714386, inv[11], 1e-17);
        assertEquals(0.008334508951020777, inv[15], 1e-17);
        assertEquals(0.0007905694150420945, inv[20], 1e-18);
        assertEquals(1.8747355233311396e-05, inv[25], 1e-20);
        assertEquals(1.4058533129758728e-05, inv[26], 1e-20); // past the ramp: θ^(−52/64) / 40
        assertEquals(Math.pow(10_000, -52.0 / 64) / 40, inv[26], 1e-20);
        assertEquals(3.33380358040831e-06, inv[31], 1e-21);
    }

    @Test
    void mscalesSetTheCosSinFactorAndTheSoftmaxFactor() {
        assertEquals(1.0, V2_LITE.cosSinFactor(), 1e-15); // mscale = mscale_all_dim
        assertEquals(1.5896261651208736, V2_LITE.softmaxFactor(), 1e-14); // (0.1 · 0.707 · ln 40 + 1)²
        assertEquals(1.0252733463911865, new YarnScaling(4, 16, 32, 1, 0.9, 0.7).cosSinFactor(), 1e-14);
        assertEquals(1.0, new YarnScaling(4, 16, 32, 1, 1, 0).softmaxFactor()); // mscale_all_dim 0: no factor
    }

    @Test
    void theSoftmaxFactorReachesMlaScoresOnly() {
        MlaSpec mla = new MlaSpec(0, 24, 16, 8, 12);
        ModelSpec scaled = new ModelSpec("m", 64, 32, 1, 4, 4, 24, 64, null, 1e4, 1e-6, 64, false, false, mla, V2_LITE);
        assertEquals(V2_LITE.softmaxFactor() / Math.sqrt(24), scaled.attentionScale(), 1e-15);
        SpecException e = assertThrows(SpecException.class, () -> new ModelSpec("m", 64, 32, 1, 4, 4, 8, 64, null,
                1e4, 1e-6, 64, false, false, null, V2_LITE));
        assertTrue(e.getMessage().startsWith("rope_scaling on a model without mla"), e.getMessage());
    }

    @Test
    void badValuesNameTheirField() {
        assertTrue(assertThrows(SpecException.class, () -> new YarnScaling(0, 4096, 32, 1, 1, 1)).getMessage()
                .startsWith("rope_scaling.factor = 0.0"));
        assertTrue(assertThrows(SpecException.class, () -> new YarnScaling(4, 4096, 32, 1, -1, 1)).getMessage()
                .startsWith("rope_scaling.mscale = -1.0"));
    }
}
