package dev.portbench.scenarios;

import java.util.Arrays;

/**
 * One weight tensor: its name, shape and how it is initialised. Values are {@code offset + scale · u}, u uniform in
 * [-1, 1) from {@link CounterRng} keyed by the name. Matrices are stored [in, out] row-major, so a layer is y = x · W.
 */
public record TensorSpec(String name, int[] shape, float offset, float scale) {

    public TensorSpec {
        shape = shape.clone();
    }

    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public long[] longShape() {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Generates the values; fp32 by construction so every backend sees exactly the same weights. */
    public float[] generate(long seed) {
        if (size() > Integer.MAX_VALUE) {
            throw new SpecException("tensor " + name + " has " + size() + " elements; at most "
                    + Integer.MAX_VALUE + " fit one Java array");
        }
        CounterRng rng = new CounterRng(seed, name);
        float[] values = new float[(int) size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = offset + scale * rng.uniformSymmetric(i);
        }
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && offset == t.offset && scale == t.scale;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
