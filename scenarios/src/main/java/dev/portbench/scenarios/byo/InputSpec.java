package dev.portbench.scenarios.byo;

import dev.portbench.scenarios.SpecException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What one input of a bring-your-own model holds: its name, element type, fixed shape, and where its values come from,
 * a seeded range or a .npy file. Validates itself; a {@link SpecException}'s field ({@code name}, {@code shape},
 * {@code range}, {@code npy}) lets the YAML reader point at the line to blame.
 */
public final class InputSpec {
    /** One Java array holds an input, with the headroom some JVMs keep. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Where the values come from. */
    public sealed interface Values permits IntRange, FloatRange, NpyValues {
    }

    /** Integers uniform in [lo, hi], both inclusive; for int64 and int32 inputs. */
    public record IntRange(long lo, long hi) implements Values {
    }

    /** Numbers uniform in [lo, hi); for float32 (bounds rounded to float32 first) and float64 inputs. */
    public record FloatRange(double lo, double hi) implements Values {
    }

    /** Values read from a .npy file, already checked against the spec's type and shape. */
    public record NpyValues(Path file, InputTensor tensor) implements Values {
    }

    private final String name;
    private final ElementType dtype;
    private final long[] shape;
    private final Values values;

    public InputSpec(String name, ElementType dtype, long[] shape, Values values) {
        if (name == null || name.isBlank()) {
            throw new SpecException("name", "input name '" + name + "'; expected the name of one of the model's"
                    + " inputs");
        }
        this.name = name;
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.values = Objects.requireNonNull(values, "values");
        checkShape();
        checkValues();
    }

    private void checkShape() {
        long n = 1;
        for (long d : shape) {
            if (d <= 0) {
                throw new SpecException("shape", "input '" + name + "': shape " + Arrays.toString(shape)
                        + " has dimension " + d + "; expected fixed positive sizes");
            }
            n = n > MAX_ELEMENTS / d ? MAX_ELEMENTS + 1 : n * d;
        }
        if (n > MAX_ELEMENTS) {
            throw new SpecException("shape", "input '" + name + "': shape " + Arrays.toString(shape)
                    + " holds more than " + MAX_ELEMENTS + " values; expected at most that (one Java array)");
        }
    }

    private void checkValues() {
        if (values instanceof IntRange r) {
            if (dtype.isFloatingPoint()) {
                throw new SpecException("range", "input '" + name + "' is " + dtype.id()
                        + "; an integer range needs an int32 or int64 input");
            }
            if (r.lo() > r.hi()) {
                throw rangeError("[" + r.lo() + ", " + r.hi() + "]; expected lo <= hi");
            }
            if (dtype == ElementType.INT32 && (r.lo() < Integer.MIN_VALUE || r.hi() > Integer.MAX_VALUE)) {
                throw rangeError("[" + r.lo() + ", " + r.hi() + "]; expected bounds within int32, "
                        + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
            }
        } else if (values instanceof FloatRange r) {
            if (!dtype.isFloatingPoint()) {
                throw new SpecException("range", "input '" + name + "' is " + dtype.id()
                        + "; expected an integer range such as [0, 255]");
            }
            double lo = dtype == ElementType.FLOAT32 ? (float) r.lo() : r.lo();
            double hi = dtype == ElementType.FLOAT32 ? (float) r.hi() : r.hi();
            if (!(lo < hi) || !Double.isFinite(hi - lo)) {
                throw rangeError("[" + num(r.lo()) + ", " + num(r.hi()) + "]; expected finite lo < hi"
                        + (dtype == ElementType.FLOAT32 ? " as float32" : ""));
            }
        } else if (values instanceof NpyValues v) {
            InputTensor t = v.tensor();
            if (t.type() != dtype || !Arrays.equals(t.shape(), shape)) {
                throw new SpecException("npy", v.file() + " holds " + t.type().id() + " " + Arrays.toString(t.shape())
                        + "; expected " + dtype.id() + " " + Arrays.toString(shape) + " as input '" + name
                        + "' says");
            }
        }
    }

    private SpecException rangeError(String what) {
        return new SpecException("range", "input '" + name + "': range " + what);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }

    public String name() {
        return name;
    }

    public ElementType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public Values values() {
        return values;
    }

    public int elementCount() {
        return (int) InputTensor.elementCount(shape);
    }

    /**
     * The input's values: the .npy file's, or generated from {@code seed}, keyed by (seed, input name, element index),
     * so any backend regenerates exactly the same tensor.
     */
    public InputTensor materialise(long seed) {
        if (values instanceof NpyValues v) {
            return v.tensor();
        }
        return SeededValues.generate(this, seed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec s && name.equals(s.name) && dtype == s.dtype && Arrays.equals(shape, s.shape)
                && values.equals(s.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), values);
    }

    @Override
    public String toString() {
        return name + " " + dtype.id() + " " + Arrays.toString(shape);
    }
}
