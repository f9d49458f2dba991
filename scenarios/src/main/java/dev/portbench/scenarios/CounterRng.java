package dev.portbench.scenarios;

import java.nio.charset.StandardCharsets;

/**
 * Counter-based random numbers: value {@code i} of stream {@code (seed, key)} is a pure function of the three, so any
 * backend can regenerate any tensor element independently of the order in which tensors are made.
 * The mixer is SplitMix64's finaliser; the key is hashed with 64-bit FNV-1a.
 */
public final class CounterRng {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private final long streamKey;

    public CounterRng(long seed, String key) {
        this.streamKey = mix(seed ^ mix(fnv1a(key)));
    }

    /** 64 random bits for counter {@code i}. */
    public long bits(long i) {
        return mix(streamKey + (i + 1) * GOLDEN_GAMMA);
    }

    /**
     * Uniform in [-1, 1) with 24 random bits, so every value is exactly representable as a float and fp32 and fp64
     * backends start from identical numbers.
     */
    public float uniformSymmetric(long i) {
        long top24 = bits(i) >>> 40;
        return (float) (top24 * 0x1.0p-23 - 1.0);
    }

    /** Uniform integer in [0, bound). */
    public long below(long i, long bound) {
        return Long.remainderUnsigned(bits(i), bound);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long fnv1a(String key) {
        long h = 0xCBF29CE484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return h;
    }
}
