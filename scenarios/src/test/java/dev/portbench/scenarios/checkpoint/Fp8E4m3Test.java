package dev.portbench.scenarios.checkpoint;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** E4M3 codes against the format's definition (OCP FP8: bias 7, subnormals, no infinities, 448 the largest). */
class Fp8E4m3Test {

    @Test
    void knownCodesDecodeToTheirValues() {
        assertEquals(1.0f, Fp8E4m3.decode((byte) 0x38)); // 0 0111 000
        assertEquals(-1.5f, Fp8E4m3.decode((byte) 0xBC)); // 1 0111 100
        assertEquals(448f, Fp8E4m3.decode((byte) 0x7E)); // 0 1111 110: 2^8 · 1.75
        assertEquals(0x1p-9f, Fp8E4m3.decode((byte) 0x01)); // the smallest subnormal, 2^-6 / 8
        assertEquals(0x1p-6f, Fp8E4m3.decode((byte) 0x08)); // the smallest normal
        assertEquals(0f, Fp8E4m3.decode((byte) 0x00));
        assertTrue(Float.isNaN(Fp8E4m3.decode((byte) 0x7F)));
        assertTrue(Float.isNaN(Fp8E4m3.decode((byte) 0xFF)));
    }

    @Test
    void everyFiniteCodeSurvivesDecodeThenEncode() {
        for (int code = 0; code < 256; code++) {
            float v = Fp8E4m3.decode((byte) code);
            if (!Float.isNaN(v)) {
                assertEquals((byte) code, Fp8E4m3.encode(v), "code " + code + " = " + v);
            }
        }
    }

    @Test
    void encodingRoundsToTheNearestTiesToEvenAndSaturates() {
        assertEquals((byte) 0x38, Fp8E4m3.encode(1.0625f)); // halfway between 1 (even code) and 1.125
        assertEquals((byte) 0x3A, Fp8E4m3.encode(1.1875f)); // halfway between 1.125 and 1.25 (even code 0x3A)
        assertEquals((byte) 0x39, Fp8E4m3.encode(1.1f));
        assertEquals((byte) 0x7E, Fp8E4m3.encode(500f));
        assertEquals((byte) 0xFE, Fp8E4m3.encode(-1e6f));
        assertEquals((byte) 0x00, Fp8E4m3.encode(0x1p-11f)); // below half the smallest subnormal
    }
}
