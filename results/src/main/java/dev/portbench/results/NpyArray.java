package dev.portbench.results;

import java.util.Arrays;
import java.util.Objects;

/**
 * An array read from a .npy file. Exactly one of {@code floats} (descr {@code <f4}/{@code <f8}; fp32 values widened
 * exactly) and {@code ints} ({@code <i8}/{@code <i4}) is non-null, flattened in C order. The data arrays are not
 * copied (they can be hundreds of MB): treat them as read-only.
 */
public record NpyArray(long[] shape, String descr, double[] floats, long[] ints) {

    public NpyArray {
        Objects.requireNonNull(descr, "descr");
        shape = Objects.requireNonNull(shape, "shape").clone();
        if ((floats == null) == (ints == null)) {
            throw new IllegalArgumentException("expected exactly one of floats and ints to be non-null, got "
                    + (floats == null ? "neither" : "both"));
        }
        long expected = Npy.elementCount(shape);
        long actual = floats != null ? floats.length : ints.length;
        if (actual != expected) {
            throw new IllegalArgumentException("data has " + actual + " elements; shape " + Arrays.toString(shape)
                    + " needs " + expected);
        }
    }

    /** The shape (a copy). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the shape (1 for a 0-d array). */
    public long size() {
        return floats != null ? floats.length : ints.length;
    }

    public boolean isFloat() {
        return floats != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NpyArray that && Arrays.equals(shape, that.shape) && descr.equals(that.descr)
                && Arrays.equals(floats, that.floats) && Arrays.equals(ints, that.ints);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), descr, Arrays.hashCode(floats), Arrays.hashCode(ints));
    }

    @Override
    public String toString() {
        return "NpyArray[shape=" + Arrays.toString(shape) + ", descr=" + descr + ", size=" + size() + "]";
    }
}
