package dev.portbench.backend.reference;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrecisionTest {

    @Test
    void fp64LeavesValuesAlone() {
        assertEquals(0.1, Precision.FP64.round(0.1));
        assertEquals(1 + 0x1.0p-52, Precision.FP64.round(1 + 0x1.0p-52));
    }

    @Test
    void fp32RoundsToNearestFloatTiesToEven() {
        assertEquals(13421773 * 0x1.0p-27, Precision.FP32.round(0.1)); // 0.1f
        assertEquals(1.0, Precision.FP32.round(1 + 0x1.0p-24)); // tie: down to the even 1.0
        assertEquals(1 + 0x1.0p-22, Precision.FP32.round(1 + 3 * 0x1.0p-24)); // tie: up to the even neighbour
        assertEquals(1 + 0x1.0p-23, Precision.FP32.round(1 + 0x1.0p-24 + 0x1.0p-40)); // above the tie
        assertEquals(Double.POSITIVE_INFINITY, Precision.FP32.round(1e39));
        assertEquals(0.0, Precision.FP32.round(1e-50));
    }

    @Test
    void fp32RoundingOfExactDoubleResultsEqualsSingleArithmetic() {
        Random r = new Random(7);
        Precision p = Precision.FP32;
        for (int i = 0; i < 20_000; i++) {
            float a = (float) (r.nextGaussian() * Math.pow(2, r.nextInt(40) - 20));
            float b = (float) (r.nextGaussian() * Math.pow(2, r.nextInt(40) - 20));
            assertEquals(a + b, (float) p.round((double) a + b));
            assertEquals(a - b, (float) p.round((double) a - b));
            assertEquals(a * b, (float) p.round((double) a * b));
            assertEquals(a / b, (float) p.round((double) a / b));
        }
    }

    @Test
    void idsAreLowerCaseNames() {
        assertEquals("fp64", Precision.FP64.id());
        assertEquals("fp32", Precision.FP32.id());
    }
}
