package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RopeTest {
    private static final int POSITIONS = 64;
    private static final int D = 16;
    private static final double THETA = 10_000.0;
    /** Plain RoPE over heads of D channels: a model without MLA or scaling rotates the whole head. */
    private static final Rope ROPE = Rope.of(new ModelSpec("r", 32, 64, 1, 4, 4, D, 64, null, THETA, 1e-5, POSITIONS));

    @Test
    void cosSquaredPlusSinSquaredIsOne() {
        float[] cos = ROPE.table(POSITIONS, false);
        float[] sin = ROPE.table(POSITIONS, true);
        assertEquals(POSITIONS * D, cos.length);
        for (int i = 0; i < cos.length; i++) {
            double c = cos[i];
            double s = sin[i];
            assertEquals(1.0, c * c + s * s, 3e-7, "index " + i); // two float roundings
        }
    }

    @Test
    void positionZeroIsCosOneSinZero() {
        float[] cos = ROPE.table(POSITIONS, false);
        float[] sin = ROPE.table(POSITIONS, true);
        for (int i = 0; i < D; i++) {
            assertEquals(1.0f, cos[i]);
            assertEquals(0.0f, sin[i]);
        }
    }

    @Test
    void halvesAreRepeated() {
        float[] sin = ROPE.table(POSITIONS, true);
        for (int p = 0; p < POSITIONS; p++) {
            for (int i = 0; i < D / 2; i++) {
                assertEquals(sin[p * D + i], sin[p * D + D / 2 + i], "p=" + p + " i=" + i);
            }
        }
    }

    @Test
    void anglesArePositionTimesThetaToMinusTwoIOverD() {
        float[] cos = ROPE.table(POSITIONS, false);
        float[] sin = ROPE.table(POSITIONS, true);
        // pair 0 turns one radian per position; pair 1 turns 10000^(-1/8) = 0.31622... radians
        assertEquals((float) Math.cos(5.0), cos[5 * D]);
        assertEquals((float) Math.sin(5.0), sin[5 * D]);
        double pair1 = 1 / Math.pow(10.0, 0.5);
        assertEquals((float) Math.sin(7 * pair1), sin[7 * D + 1], 1e-7f);
        // last pair, i = 7: 10000^(-14/16)
        assertEquals((float) Math.cos(63 * Math.pow(10_000.0, -14.0 / 16)), cos[63 * D + 7]);
        assertEquals(3 * Math.pow(THETA, -2.0 * 2 / D), ROPE.angle(3, 2), 1e-15);
    }
}
