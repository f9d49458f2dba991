package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Rope;
import dev.portbench.scenarios.ScenarioCatalog;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RotaryEmbeddingTest {
    private static final ModelSpec SPEC = ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow().model();

    /** Each (i, i + dim/2) pair rotated by position × θ^(−2i/dim), written out. */
    private static double[] byHand(double[] x, int seq, int heads, int headDim, int offset) {
        int half = headDim / 2;
        double[] y = x.clone();
        for (int s = 0; s < seq; s++) {
            for (int h = 0; h < heads; h++) {
                int o = (s * heads + h) * headDim;
                for (int i = 0; i < half; i++) {
                    double angle = (offset + s) * Math.pow(SPEC.ropeTheta(), -2.0 * i / headDim);
                    double x1 = x[o + i];
                    double x2 = x[o + half + i];
                    y[o + i] = x1 * Math.cos(angle) - x2 * Math.sin(angle);
                    y[o + half + i] = x2 * Math.cos(angle) + x1 * Math.sin(angle);
                }
            }
        }
        return y;
    }

    private static double[] random(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    /**
     * A prompt, then steps past the positions seen so far (the table of angles grows), give the rotation written out
     * by hand, and the same bits as a fresh embedding computing each call's angles from nothing.
     */
    @Test
    void rotatesEachPairByItsPositionsAngleAcrossCallsThatExtendThePositions() {
        Rope rope = Rope.of(SPEC);
        assertEquals(1.0, rope.factor(), "no YaRN in dense-tiny: the hand formula has no factor");
        int heads = SPEC.heads();
        int d = SPEC.headDim();
        assertEquals(d, rope.dim());
        Kernels k = new Kernels(Precision.FP64);
        RotaryEmbedding used = new RotaryEmbedding(rope);
        int[][] calls = {{0, 5}, {5, 1}, {6, 1}, {7, 9}, {2, 3}}; // offset, length; the last reads inside the table
        for (int[] c : calls) {
            double[] x = random(c[1] * heads * d, c[0]);
            double[] expected = byHand(x, c[1], heads, d, c[0]);
            double[] fresh = x.clone();
            new RotaryEmbedding(rope).apply(k, fresh, 1, c[1], heads, d, 0, c[0]);
            used.apply(k, x, 1, c[1], heads, d, 0, c[0]);
            assertArrayEquals(fresh, x, "positions " + c[0] + "…" + (c[0] + c[1] - 1));
            for (int i = 0; i < x.length; i++) {
                assertEquals(expected[i], x[i], 1e-12, "value " + i + " at offset " + c[0]);
            }
        }
    }
}
