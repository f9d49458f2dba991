package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorSpecTest {

    @Test
    void sizeIsProductOfShapeAndGenerateFillsIt() {
        TensorSpec t = new TensorSpec("w", new int[] {3, 5, 7}, 0f, 1f);
        assertEquals(105, t.size());
        assertArrayEquals(new long[] {3, 5, 7}, t.longShape());
        assertEquals(105, t.generate(1).length);
    }

    @Test
    void shapeIsDefensivelyCopied() {
        int[] shape = {2, 3};
        TensorSpec t = new TensorSpec("w", shape, 0f, 1f);
        shape[0] = 99;
        t.shape()[1] = 99;
        assertArrayEquals(new int[] {2, 3}, t.shape());
    }

    @Test
    void valuesLieWithinOffsetPlusMinusScale() {
        float offset = 1f;
        float scale = 0.1f;
        float[] v = new TensorSpec("gain", new int[] {4096}, offset, scale).generate(5);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float x : v) {
            assertTrue(x >= offset - scale && x <= offset + scale, "outside 1 ± 0.1: " + x);
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        // 4096 uniform draws come within 1% of the scale of both ends
        assertTrue(min < offset - 0.99f * scale && max > offset + 0.99f * scale, "[" + min + ", " + max + "]");
    }

    @Test
    void valuesAreOffsetPlusScaleTimesTheNamedStream() {
        TensorSpec t = new TensorSpec("layers.1.wk", new int[] {8, 4}, 0.5f, 0.25f);
        float[] v = t.generate(99);
        CounterRng rng = new CounterRng(99, "layers.1.wk");
        for (int i = 0; i < v.length; i++) {
            assertEquals(0.5f + 0.25f * rng.uniformSymmetric(i), v[i]);
        }
    }

    @Test
    void sameSeedGivesSameValuesAndOtherSeedDiffers() {
        TensorSpec t = new TensorSpec("w", new int[] {16, 16}, 0f, 1f);
        assertArrayEquals(t.generate(1), t.generate(1));
        assertFalse(java.util.Arrays.equals(t.generate(1), t.generate(2)));
    }

    @Test
    void generationOrderDoesNotChangeValues() {
        WeightLayout layout = WeightLayout.of(ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow().model());
        TensorSpec a = layout.tensor(WeightLayout.wq(0));
        TensorSpec b = layout.tensor(WeightLayout.wk(1));
        float[] aFirst = a.generate(3);
        float[] bSecond = b.generate(3);
        float[] bFirst = b.generate(3);
        float[] aSecond = a.generate(3);
        assertArrayEquals(aFirst, aSecond);
        assertArrayEquals(bFirst, bSecond);

        ModelWeights forward = new ModelWeights(layout, 3);
        ModelWeights backward = new ModelWeights(layout, 3);
        float[] fb = backward.get(b.name());
        float[] fa = backward.get(a.name());
        assertArrayEquals(forward.get(a.name()), fa);
        assertArrayEquals(forward.get(b.name()), fb);
    }

    @Test
    void equalsComparesShapeByValue() {
        TensorSpec a = new TensorSpec("w", new int[] {2, 3}, 0f, 1f);
        assertEquals(a, new TensorSpec("w", new int[] {2, 3}, 0f, 1f));
        assertEquals(a.hashCode(), new TensorSpec("w", new int[] {2, 3}, 0f, 1f).hashCode());
        assertFalse(a.equals(new TensorSpec("w", new int[] {3, 2}, 0f, 1f)));
        assertFalse(a.equals(new TensorSpec("w", new int[] {2, 3}, 0f, 2f)));
    }
}
