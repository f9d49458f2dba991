package dev.portbench.scenarios.byo;

import dev.portbench.scenarios.CounterRng;

/**
 * Generates a range input: element {@code i} comes from counter {@code i} of the stream (seed, input name), so it does
 * not depend on which inputs exist or in what order they are made. For an int64 range [0, vocab - 1] on
 * {@code input_ids} this is exactly {@code TokenInputs.seeded}, the prompt of portbench's own scenarios.
 */
final class SeededValues {
    private SeededValues() {
    }

    static InputTensor generate(InputSpec spec, long seed) {
        CounterRng rng = new CounterRng(seed, spec.name());
        int n = spec.elementCount();
        long[] shape = spec.shape();
        return switch (spec.dtype()) {
            case INT64 -> {
                InputSpec.IntRange r = (InputSpec.IntRange) spec.values();
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = integer(rng, i, r);
                }
                yield InputTensor.ofLongs(spec.name(), shape, v);
            }
            case INT32 -> {
                InputSpec.IntRange r = (InputSpec.IntRange) spec.values();
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (int) integer(rng, i, r);
                }
                yield InputTensor.ofInts(spec.name(), shape, v);
            }
            case FLOAT32 -> {
                InputSpec.FloatRange r = (InputSpec.FloatRange) spec.values();
                float lo = (float) r.lo();
                float hi = (float) r.hi();
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    // 24 random bits: every unit value is exact in a float
                    double unit = (rng.bits(i) >>> 40) * 0x1.0p-24;
                    float x = (float) (lo + unit * ((double) hi - lo));
                    v[i] = x < hi ? x : Math.nextDown(hi); // rounding may reach hi; the range is half-open
                }
                yield InputTensor.ofFloats(spec.name(), shape, v);
            }
            case FLOAT64 -> {
                InputSpec.FloatRange r = (InputSpec.FloatRange) spec.values();
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    double unit = (rng.bits(i) >>> 11) * 0x1.0p-53;
                    double x = r.lo() + unit * (r.hi() - r.lo());
                    v[i] = x < r.hi() ? x : Math.nextDown(r.hi());
                }
                yield InputTensor.ofDoubles(spec.name(), shape, v);
            }
        };
    }

    /** Uniform in [lo, hi]; the span wraps to 0 only for the full 64-bit range, where every value is fair. */
    private static long integer(CounterRng rng, long i, InputSpec.IntRange r) {
        long span = r.hi() - r.lo() + 1;
        return span == 0 ? rng.bits(i) : r.lo() + rng.below(i, span);
    }
}
