package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightLayoutTest {

    private static ModelSpec catalog(String name) {
        return ScenarioCatalog.builtIn().find(name).orElseThrow().model();
    }

    /** hidden 48 differs from heads·head_dim = 32 and kv_heads·head_dim = 16, so swapped dimensions would show. */
    private static final ModelSpec ODD_WIDTHS =
            new ModelSpec("odd", 40, 48, 3, 4, 2, 8, 24, null, 1e4, 1e-5, 16);

    @Test
    void tensorNamesAreUnique() {
        for (String name : ScenarioCatalog.builtIn().names()) {
            List<TensorSpec> tensors = WeightLayout.of(catalog(name)).tensors();
            Set<String> names = new HashSet<>();
            tensors.forEach(t -> names.add(t.name()));
            assertEquals(tensors.size(), names.size(), name);
        }
    }

    @Test
    void denseLayoutHasEmbedNineTensorsPerLayerNormAndHead() {
        List<TensorSpec> tensors = WeightLayout.of(ODD_WIDTHS).tensors();
        assertEquals(1 + 3 * 9 + 2, tensors.size());
        assertEquals("embed", tensors.get(0).name());
        assertEquals("lm_head", tensors.get(tensors.size() - 1).name());
    }

    @Test
    void attentionShapesFollowHeadsAndKvHeads() {
        WeightLayout layout = WeightLayout.of(ODD_WIDTHS);
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(new int[] {48, 4 * 8}, layout.tensor(WeightLayout.wq(l)).shape());
            assertArrayEquals(new int[] {48, 2 * 8}, layout.tensor(WeightLayout.wk(l)).shape());
            assertArrayEquals(new int[] {48, 2 * 8}, layout.tensor(WeightLayout.wv(l)).shape());
            assertArrayEquals(new int[] {4 * 8, 48}, layout.tensor(WeightLayout.wo(l)).shape());
            assertArrayEquals(new int[] {48}, layout.tensor(WeightLayout.attnNorm(l)).shape());
            assertArrayEquals(new int[] {48, 24}, layout.tensor(WeightLayout.denseFfn(l) + ".w_gate").shape());
            assertArrayEquals(new int[] {24, 48}, layout.tensor(WeightLayout.denseFfn(l) + ".w_down").shape());
        }
        assertArrayEquals(new int[] {40, 48}, layout.tensor(WeightLayout.embed()).shape());
        assertArrayEquals(new int[] {48, 40}, layout.tensor(WeightLayout.lmHead()).shape());
    }

    @Test
    void moeTinyHasRouterRoutedAndSharedExpertsButNoDenseFfn() {
        ModelSpec spec = catalog("moe-tiny");
        WeightLayout layout = WeightLayout.of(spec);
        int width = spec.moe().expertFfnHidden();
        for (int l = 0; l < spec.layers(); l++) {
            assertArrayEquals(new int[] {64, 4}, layout.tensor(WeightLayout.router(l)).shape());
            List<String> prefixes = new java.util.ArrayList<>();
            for (int e = 0; e < 4; e++) {
                prefixes.add(WeightLayout.expert(l, e));
            }
            prefixes.add(WeightLayout.shared(l, 0));
            for (String p : prefixes) {
                assertArrayEquals(new int[] {64, width}, layout.tensor(p + ".w_gate").shape());
                assertArrayEquals(new int[] {64, width}, layout.tensor(p + ".w_up").shape());
                assertArrayEquals(new int[] {width, 64}, layout.tensor(p + ".w_down").shape());
            }
            int layer = l;
            assertThrows(SpecException.class, () -> layout.tensor(WeightLayout.expert(layer, 4) + ".w_gate"));
            assertThrows(SpecException.class, () -> layout.tensor(WeightLayout.shared(layer, 1) + ".w_gate"));
            assertThrows(SpecException.class, () -> layout.tensor(WeightLayout.denseFfn(layer) + ".w_gate"));
        }
        // per layer: 2 norms, 4 attention, router, 3·(4 + 1) expert matrices
        assertEquals(1 + 2 * (2 + 4 + 1 + 15) + 2, layout.tensors().size());
    }

    @Test
    void unknownTensorMessageNamesModelAndTensor() {
        SpecException e = assertThrows(SpecException.class,
                () -> WeightLayout.of(catalog("dense-tiny")).tensor("layers.9.wq"));
        assertTrue(e.getMessage().contains("dense-tiny") && e.getMessage().contains("'layers.9.wq'"), e.getMessage());
    }

    private static double[] meanAndStd(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        double mean = sum / v.length;
        double sq = 0;
        for (float x : v) {
            sq += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(sq / v.length)};
    }

    private static void assertStd(double expected, TensorSpec t) {
        double[] ms = meanAndStd(t.generate(ScenarioCatalog.DEFAULT_SEED));
        assertEquals(expected, ms[1], 0.05 * expected, t.name() + " std");
        assertEquals(0, ms[0], 0.05 * expected, t.name() + " mean");
    }

    @Test
    void projectionStdIsOneOverSqrtFanIn() {
        WeightLayout layout = WeightLayout.of(catalog("dense-small")); // hidden 256, vocab 2048, 4 layers
        assertStd(1 / Math.sqrt(256), layout.tensor(WeightLayout.lmHead())); // 524 288 values
        assertStd(1 / Math.sqrt(256), layout.tensor(WeightLayout.denseFfn(0) + ".w_gate"));
    }

    @Test
    void outputProjectionsAreFurtherScaledBySqrtTwoLayers() {
        WeightLayout layout = WeightLayout.of(catalog("dense-small"));
        assertStd(1 / Math.sqrt(768) / Math.sqrt(2 * 4), layout.tensor(WeightLayout.denseFfn(0) + ".w_down"));
        assertStd(1 / Math.sqrt(256) / Math.sqrt(2 * 4), layout.tensor(WeightLayout.wo(1)));
    }

    @Test
    void embeddingHasUnitStdAndNormGainsAreNearOne() {
        WeightLayout layout = WeightLayout.of(catalog("dense-small"));
        assertStd(1.0, layout.tensor(WeightLayout.embed()));
        float[] gain = layout.tensor(WeightLayout.finalNorm()).generate(1);
        double[] ms = meanAndStd(gain);
        assertEquals(1.0, ms[0], 0.02);
        for (float g : gain) {
            assertTrue(g >= 0.9f && g <= 1.1f, "gain " + g);
        }
    }
}
