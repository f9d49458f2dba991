package dev.portbench.backend;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputTensorTest {

    @Test
    void shapeThatDoesNotMatchLengthIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputTensor.ofFloats(new long[] {2, 3}, new float[5]));
        assertTrue(e.getMessage().contains("[2, 3] holds 6 values but 5 were given"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OutputTensor.ofDoubles(new long[] {4}, new double[3]));
    }

    @Test
    void toDoubleArrayWidensFloatsExactly() {
        float[] f = {0.1f, -3.4028235e38f, 1.4e-45f, 1f / 3};
        double[] d = OutputTensor.ofFloats(new long[] {4}, f).toDoubleArray();
        // 0.1f is exactly 13421773 / 2^27
        assertEquals(new BigDecimal("0.100000001490116119384765625"), new BigDecimal(d[0]));
        assertEquals(-0x1.fffffep127, d[1]);
        assertEquals(0x1.0p-149, d[2]);
        assertEquals(11184811 * 0x1.0p-25, d[3]);
    }

    @Test
    void floatTensorIsNotDoubleAndViceVersa() {
        OutputTensor f = OutputTensor.ofFloats(new long[] {1}, new float[] {1f});
        OutputTensor d = OutputTensor.ofDoubles(new long[] {1}, new double[] {1.0});
        assertFalse(f.isDouble());
        assertTrue(d.isDouble());
        assertThrows(IllegalStateException.class, f::doubles);
        assertThrows(IllegalStateException.class, d::floats);
    }

    @Test
    void shapeAndDoubleArrayAreCopies() {
        double[] values = {1, 2, 3, 4, 5, 6};
        OutputTensor t = OutputTensor.ofDoubles(new long[] {2, 3}, values);
        t.shape()[0] = 9;
        t.toDoubleArray()[0] = 9;
        assertArrayEquals(new long[] {2, 3}, t.shape());
        assertEquals(1.0, t.doubles()[0]);
    }

    @Test
    void negativeDimensionIsRejectedEvenWhenTheProductMatches() {
        assertThrows(IllegalArgumentException.class, () -> OutputTensor.ofFloats(new long[] {-2, -3}, new float[6]));
    }
}
