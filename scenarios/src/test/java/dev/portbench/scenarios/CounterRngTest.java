package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterRngTest {
    private static final int N = 10_000;

    @Test
    void fnv1aMatchesPublishedTestVectors() {
        assertEquals(0xcbf29ce484222325L, CounterRng.fnv1a(""));
        assertEquals(0xaf63dc4c8601ec8cL, CounterRng.fnv1a("a"));
        assertEquals(0x85944171f73967e8L, CounterRng.fnv1a("foobar"));
    }

    @Test
    void mixIsSplitMix64Finaliser() {
        // SplitMix64 seeded with 0 yields mix(γ), mix(2γ), ...: 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4
        long gamma = 0x9E3779B97F4A7C15L;
        assertEquals(0xE220A8397B1DCDAFL, CounterRng.mix(gamma));
        assertEquals(0x6E789E6AA1B965F4L, CounterRng.mix(2 * gamma));
    }

    @Test
    void sameSeedKeyAndCounterGiveSameBitsInAnyOrder() {
        CounterRng a = new CounterRng(42, "layers.0.wq");
        CounterRng b = new CounterRng(42, "layers.0.wq");
        long[] forward = new long[100];
        for (int i = 0; i < 100; i++) {
            forward[i] = a.bits(i);
        }
        for (int i = 99; i >= 0; i--) {
            assertEquals(forward[i], b.bits(i));
            assertEquals(forward[i], a.bits(i));
        }
    }

    @Test
    void differentKeysOrSeedsGiveDifferentStreams() {
        CounterRng base = new CounterRng(42, "embed");
        CounterRng otherKey = new CounterRng(42, "lm_head");
        CounterRng otherSeed = new CounterRng(43, "embed");
        int sameKey = 0;
        int sameSeed = 0;
        for (int i = 0; i < 1000; i++) {
            if (base.bits(i) == otherKey.bits(i)) {
                sameKey++;
            }
            if (base.bits(i) == otherSeed.bits(i)) {
                sameSeed++;
            }
        }
        assertEquals(0, sameKey);
        assertEquals(0, sameSeed);
        assertNotEquals(base.uniformSymmetric(0), otherKey.uniformSymmetric(0));
    }

    @Test
    void uniformSymmetricIsTop24BitsOnA2ToMinus23GridInMinusOneToOne() {
        CounterRng rng = new CounterRng(7, "u");
        double min = 1;
        double max = -1;
        double sum = 0;
        for (int i = 0; i < N; i++) {
            float v = rng.uniformSymmetric(i);
            double exact = (rng.bits(i) >>> 40) * 0x1.0p-23 - 1.0; // computed in double, no float rounding
            assertEquals(exact, (double) v, "value " + i + " lost bits when made a float");
            double steps = ((double) v + 1.0) * 0x1.0p23;
            assertEquals(Math.rint(steps), steps, "not on the 2^-23 grid: " + v);
            assertTrue(v >= -1.0f && v < 1.0f, "out of [-1, 1): " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertTrue(min < -0.99 && max > 0.99, "range not covered: [" + min + ", " + max + "]");
        // mean of N uniforms on [-1, 1) has std 1/√(3N) ≈ 0.0058; allow 5 std
        assertTrue(Math.abs(sum / N) < 0.03, "mean " + sum / N);
    }

    @Test
    void belowStaysInRangeAndIsRoughlyUniform() {
        CounterRng rng = new CounterRng(11, "b");
        int bound = 10;
        int[] counts = new int[bound];
        for (int i = 0; i < N; i++) {
            long v = rng.below(i, bound);
            assertTrue(v >= 0 && v < bound, "out of [0, 10): " + v);
            counts[(int) v]++;
        }
        double expected = (double) N / bound;
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        // 9 degrees of freedom: P(chi2 > 40) < 1e-5; a broken generator gives hundreds or thousands
        assertTrue(chi2 < 40, "chi-square " + chi2 + " for counts " + java.util.Arrays.toString(counts));
    }

    @Test
    void belowHandlesBoundsAboveIntRangeAndNegativeBits() {
        CounterRng rng = new CounterRng(3, "big");
        long bound = 3_000_000_000L;
        boolean sawAboveIntMax = false;
        for (int i = 0; i < 1000; i++) {
            long v = rng.below(i, bound);
            assertTrue(v >= 0 && v < bound, "out of range: " + v);
            sawAboveIntMax |= v > Integer.MAX_VALUE;
        }
        assertTrue(sawAboveIntMax, "no value above 2^31 in 1000 draws below 3e9");
    }
}
