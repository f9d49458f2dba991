package dev.portbench.scenarios.onnx;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Int8QuantisedTest {

    @Test
    void eachColumnGetsItsOwnScaleAndItsLargestValueMapsTo127() {
        float[] w = {
            1.0f, -0.03f, 0f,
            -0.6f, 0.01f, 0f,
            0.25f, 0.04f, 0f};
        Int8Quantised q = Int8Quantised.of(w, 3, 3);
        assertArrayEquals(new float[] {1f / 127, 0.04f / 127, 1f}, q.scales(), 1e-9f); // all-zero column: scale 1
        assertArrayEquals(new byte[] {127, -95, 0, -76, 32, 0, 32, 127, 0}, q.values());
    }

    @Test
    void dequantisedValuesAreWithinHalfAStepOfTheOriginal() {
        java.util.Random r = new java.util.Random(3);
        int rows = 37;
        int cols = 11;
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        Int8Quantised q = Int8Quantised.of(w, rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double err = Math.abs(q.dequantised(i, j) - w[i * cols + j]);
                assertTrue(err <= q.scales()[j] / 2 * (1 + 1e-6), "error " + err + " at " + i + "," + j);
            }
        }
        assertEquals(cols, q.scales().length);
    }
}
