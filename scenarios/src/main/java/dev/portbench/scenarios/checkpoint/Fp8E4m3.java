package dev.portbench.scenarios.checkpoint;

/**
 * OCP FP8 E4M3 (the {@code F8_E4M3} of safetensors, {@code torch.float8_e4m3fn}): 1 sign bit, 4 exponent bits biased
 * by 7, 3 mantissa bits; subnormals at exponent 0; no infinities; S.1111.111 is NaN; the largest finite value is 448.
 */
public final class Fp8E4m3 {
    /** The non-negative finite values, by code 0x00 … 0x7E: ascending. */
    private static final float[] VALUES = new float[127];

    static {
        for (int code = 0; code < VALUES.length; code++) {
            VALUES[code] = decode((byte) code);
        }
    }

    private Fp8E4m3() {
    }

    public static float decode(byte b) {
        int exponent = (b >> 3) & 0xF;
        int mantissa = b & 7;
        if (exponent == 15 && mantissa == 7) {
            return Float.NaN;
        }
        float magnitude = exponent == 0 ? mantissa / 8f * 0x1p-6f : (1 + mantissa / 8f) * (float) Math.pow(2, exponent - 7);
        return (b & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** The nearest E4M3 value (ties to the even code), saturating at ±448, as PyTorch's cast does within range. */
    public static byte encode(float f) {
        if (Float.isNaN(f)) {
            return 0x7F;
        }
        float a = Math.abs(f);
        int lo = 0;
        int hi = VALUES.length - 1;
        if (a >= VALUES[hi]) {
            lo = hi;
        } else {
            while (hi - lo > 1) { // VALUES[lo] <= a < VALUES[hi]
                int mid = (lo + hi) >>> 1;
                if (VALUES[mid] <= a) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            float below = a - VALUES[lo];
            float above = VALUES[hi] - a;
            if (above < below || (above == below && (hi & 1) == 0)) {
                lo = hi;
            }
        }
        return (byte) (f < 0 || (f == 0 && 1 / f < 0) ? lo | 0x80 : lo);
    }
}
