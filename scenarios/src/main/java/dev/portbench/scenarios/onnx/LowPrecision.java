package dev.portbench.scenarios.onnx;

/**
 * fp32 → fp16 and bf16 conversion with round-to-nearest-even, as hardware casts do. Java 17 has no
 * {@code Float.floatToFloat16} (it arrived in Java 20), so the bit manipulation is written out here.
 */
public final class LowPrecision {
    private LowPrecision() {
    }

    /** IEEE binary16 bits of {@code f}: overflow becomes ±∞, tiny values become subnormals or ±0, NaN stays NaN. */
    public static short toFp16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) { // subnormal in fp16: value = m · 2^-24
            if (e < -10) {
                return (short) sign;
            }
            int full = mantissa | 0x800000;
            int shift = 14 - e;
            return (short) (sign | roundShift(full, shift));
        }
        // a carry out of the mantissa correctly bumps the exponent (and reaches ∞ at the top)
        return (short) (sign | roundShift((e << 23) | mantissa, 13));
    }

    /** value >> shift, rounded to nearest, ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (kept & 1) != 0)) {
            kept++;
        }
        return kept;
    }

    public static float fromFp16(short h) {
        int sign = (h & 0x8000) << 16;
        int e = (h >>> 10) & 0x1f;
        int m = h & 0x3ff;
        if (e == 0) {
            float v = m * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (e == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (m << 13));
        }
        return Float.intBitsToFloat(sign | ((e - 15 + 127) << 23) | (m << 13));
    }

    /** bfloat16 bits of {@code f}: the top 16 bits of fp32, rounded to nearest even; NaN stays a quiet NaN. */
    public static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    public static float fromBf16(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }
}
