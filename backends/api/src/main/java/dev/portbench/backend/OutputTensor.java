package dev.portbench.backend;

import java.util.Arrays;

/** A floating-point output as the backend produced it: fp32 or fp64 values, row-major, with its shape. */
public final class OutputTensor {
    private final long[] shape;
    private final float[] floats;
    private final double[] doubles;

    private OutputTensor(long[] shape, float[] floats, double[] doubles) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has a negative dimension; expected sizes of 0 or more");
            }
            n = Math.multiplyExact(n, d);
        }
        int length = floats != null ? floats.length : doubles.length;
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values but " + length + " were given");
        }
        this.shape = shape.clone();
        this.floats = floats;
        this.doubles = doubles;
    }

    public static OutputTensor ofFloats(long[] shape, float[] values) {
        return new OutputTensor(shape, values, null);
    }

    public static OutputTensor ofDoubles(long[] shape, double[] values) {
        return new OutputTensor(shape, null, values);
    }

    public long[] shape() {
        return shape.clone();
    }

    public boolean isDouble() {
        return doubles != null;
    }

    /** The fp32 values; only for tensors made with {@link #ofFloats}. */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("this tensor holds fp64 values");
        }
        return floats;
    }

    /** The fp64 values; only for tensors made with {@link #ofDoubles}. */
    public double[] doubles() {
        if (doubles == null) {
            throw new IllegalStateException("this tensor holds fp32 values");
        }
        return doubles;
    }

    /** Every value widened to fp64 (exact for fp32). */
    public double[] toDoubleArray() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] out = new double[floats.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats[i];
        }
        return out;
    }
}
