package dev.portbench.scenarios.onnx;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LowPrecisionTest {

    @Test
    void everyFp16ValueSurvivesTheRoundTrip() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short h = (short) bits;
            float f = LowPrecision.fromFp16(h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(LowPrecision.fromFp16(LowPrecision.toFp16(f))));
            } else {
                assertEquals(h, LowPrecision.toFp16(f), "fp16 bits " + Integer.toHexString(bits) + " = " + f);
            }
        }
    }

    @Test
    void fp16RoundsToNearestEvenAndSaturatesToInfinity() {
        assertEquals(0x3c00, LowPrecision.toFp16(1f));
        assertEquals(0x7bff, LowPrecision.toFp16(65504f)); // largest finite
        assertEquals(0x7c00, LowPrecision.toFp16(65520f)); // halfway to the next would-be value: rounds up to ∞
        assertEquals(0x3c00, LowPrecision.toFp16(1f + 0x1p-11f)); // tie, 1.0 is even
        assertEquals(0x3c02, LowPrecision.toFp16(1f + 3 * 0x1p-11f)); // tie, rounds up to even 0x3c02
        assertEquals(0x0001, LowPrecision.toFp16(0x1p-24f)); // smallest subnormal
        assertEquals(0x0000, LowPrecision.toFp16(0x1p-25f)); // tie with 0: even
        assertEquals(0x0001, LowPrecision.toFp16(1.5f * 0x1p-25f));
        assertEquals((short) 0xc000, LowPrecision.toFp16(-2f));
    }

    @Test
    void everyBf16ValueSurvivesTheRoundTripAndTiesGoToEven() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short b = (short) bits;
            float f = LowPrecision.fromBf16(b);
            if (!Float.isNaN(f)) {
                assertEquals(b, LowPrecision.toBf16(f));
            }
        }
        assertEquals(0x3f80, LowPrecision.toBf16(1f + 0x1p-8f)); // tie: stays at even 1.0
        assertEquals(0x3f82, LowPrecision.toBf16(1f + 3 * 0x1p-8f)); // tie: up to even
        assertEquals(0x3f81, LowPrecision.toBf16(1f + 0x1p-7f + 0x1p-10f)); // below halfway: down
    }
}
