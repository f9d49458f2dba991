package dev.portbench.scenarios.byo;

import java.util.Arrays;
import java.util.Objects;

/**
 * One input of a bring-your-own model, ready to feed: its name, element type, shape and values, row-major. Exactly
 * the array that matches the type is present; the others' accessors throw, so a backend cannot silently read zeros.
 */
public final class InputTensor {
    private final String name;
    private final ElementType type;
    private final long[] shape;
    private final Object data;

    private InputTensor(String name, ElementType type, long[] shape, Object data, int length) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.shape = shape.clone();
        long n = elementCount(this.shape);
        if (n != length) {
            throw new IllegalArgumentException("input '" + name + "': shape " + Arrays.toString(shape) + " holds " + n
                    + " values but " + length + " were given");
        }
        this.data = data;
    }

    public static InputTensor ofFloats(String name, long[] shape, float[] values) {
        return new InputTensor(name, ElementType.FLOAT32, shape, values.clone(), values.length);
    }

    public static InputTensor ofDoubles(String name, long[] shape, double[] values) {
        return new InputTensor(name, ElementType.FLOAT64, shape, values.clone(), values.length);
    }

    public static InputTensor ofLongs(String name, long[] shape, long[] values) {
        return new InputTensor(name, ElementType.INT64, shape, values.clone(), values.length);
    }

    public static InputTensor ofInts(String name, long[] shape, int[] values) {
        return new InputTensor(name, ElementType.INT32, shape, values.clone(), values.length);
    }

    /** Product of the dimensions; 1 for a scalar. */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has a negative dimension; expected sizes of 0 or more");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public String name() {
        return name;
    }

    public ElementType type() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    public float[] floats() {
        return ((float[]) as(ElementType.FLOAT32)).clone();
    }

    public double[] doubles() {
        return ((double[]) as(ElementType.FLOAT64)).clone();
    }

    public long[] longs() {
        return ((long[]) as(ElementType.INT64)).clone();
    }

    public int[] ints() {
        return ((int[]) as(ElementType.INT32)).clone();
    }

    private Object as(ElementType wanted) {
        if (type != wanted) {
            throw new IllegalStateException("input '" + name + "' holds " + type.id() + " values; "
                    + wanted.id() + " were asked for");
        }
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputTensor t && name.equals(t.name) && type == t.type && Arrays.equals(shape, t.shape)
                && Objects.deepEquals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return "InputTensor[" + name + " " + type.id() + " " + Arrays.toString(shape) + "]";
    }
}
