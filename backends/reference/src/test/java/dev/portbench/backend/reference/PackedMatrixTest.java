package dev.portbench.backend.reference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackedMatrixTest {
    /** w[2, 5] = {{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}}. */
    private static final double[] W = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    @Test
    void panelsHoldTheirRowsOneAfterAnotherAndTheLastIsPaddedWithZeros() {
        PackedMatrix m = PackedMatrix.of(W, 2, 5, 2);
        // panel 0: columns 0-1 of rows 0, 1; panel 1: columns 2-3; panel 2: column 4 and a zero column
        assertArrayEquals(new double[] {1, 2, 6, 7, 3, 4, 8, 9, 5, 0, 10, 0}, m.data());
        assertEquals(3, m.panels());
        assertEquals(2, m.panel());
        assertEquals(12 * Double.BYTES, m.bytes());
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(W[k * 5 + j], m.get(k, j), "w[" + k + "][" + j + "]");
            }
        }
    }

    @Test
    void aPanelWiderThanTheMatrixIsOnePaddedPanelAndRowMajorIsTheMatrixItself() {
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 0, 0, 0, 6, 7, 8, 9, 10, 0, 0, 0},
                PackedMatrix.of(W, 2, 5, 8).data());
        PackedMatrix rowMajor = PackedMatrix.of(W, 2, 5, PackedMatrix.ROW_MAJOR);
        assertArrayEquals(W, rowMajor.data());
        assertEquals(5, rowMajor.panel());
        assertEquals(1, rowMajor.panels());
    }

    @Test
    void floatsArePackedWidenedExactlyAsDoublesAre() {
        float[] f = {0.1f, -3.7f, 1e-30f, 65504f, -0f, 7f, 8f, 9f, 10f, 11f};
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        for (int panel : new int[] {1, 2, 3, 4, 5, 12, PackedMatrix.ROW_MAJOR}) {
            assertArrayEquals(PackedMatrix.of(d, 2, 5, panel).data(), PackedMatrix.of(f, 2, 5, panel).data(),
                    "panel " + panel);
        }
    }

    @Test
    void aLengthThatIsNotInTimesOutIsRejectedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PackedMatrix.of(W, 3, 5, 4));
        assertTrue(e.getMessage().contains("3 × 5 needs 15 values; got 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PackedMatrix.of(new float[0], 0, 5, 4));
        assertTrue(e.getMessage().contains("in=0"), e.getMessage());
    }
}
