package dev.portbench.backend.reference;

/**
 * A weight matrix w[in, out] laid out once, at load, the way the product that reads it sweeps it: in panels of
 * {@link #panel} columns, each panel's rows k = 0 … in−1 contiguous, so w[k][j] is at
 * {@code (j / panel · in + k) · panel + j % panel}. A last panel narrower than the others is padded with zero columns.
 * Panels of {@link #ROW_MAJOR} columns are plain row-major storage. Packing at load instead of in every product is
 * what lets the vector kernel stream weights that are not in cache (a MoE layer's experts) at the speed it reaches on
 * cached ones.
 */
final class PackedMatrix {
    /** The panel width that asks for one panel as wide as the matrix: row-major storage. */
    static final int ROW_MAJOR = Integer.MAX_VALUE;
    private final int in;
    private final int out;
    private final int panel;
    private final double[] data;

    private PackedMatrix(int in, int out, int panel) {
        if (in <= 0 || out <= 0 || panel <= 0) {
            throw new IllegalArgumentException("a matrix needs positive sizes and panel width; got in=" + in + ", out="
                    + out + ", panel=" + panel);
        }
        this.in = in;
        this.out = out;
        this.panel = panel == ROW_MAJOR ? out : panel;
        this.data = new double[Math.multiplyExact(Math.multiplyExact(panels(), this.panel), in)];
    }

    /**
     * Packs row-major w[in, out], widening each value exactly.
     *
     * @param panel columns per panel, or {@link #ROW_MAJOR}
     */
    static PackedMatrix of(float[] w, int in, int out, int panel) {
        return of(w.length, i -> w[i], in, out, panel);
    }

    /** Packs row-major w[in, out]; see {@link #of(float[], int, int, int)}. */
    static PackedMatrix of(double[] w, int in, int out, int panel) {
        return of(w.length, i -> w[i], in, out, panel);
    }

    /** Packs the {@code length} values of row-major w[in, out] that {@code w} gives by index. */
    private static PackedMatrix of(int length, java.util.function.IntToDoubleFunction w, int in, int out, int panel) {
        PackedMatrix m = new PackedMatrix(in, out, panel);
        m.checkLength(length);
        for (int k = 0; k < in; k++) {
            for (int p = 0; p < m.panels(); p++) {
                int j0 = p * m.panel;
                int to = m.offset(k, j0);
                for (int c = 0, n = Math.min(m.panel, out - j0); c < n; c++) {
                    m.data[to + c] = w.applyAsDouble(k * out + j0 + c);
                }
            }
        }
        return m;
    }

    private void checkLength(int length) {
        if (length != (long) in * out) {
            throw new IllegalArgumentException("a matrix of " + in + " × " + out + " needs " + (long) in * out
                    + " values; got " + length);
        }
    }

    int in() {
        return in;
    }

    int out() {
        return out;
    }

    /** Columns per panel; {@link #out()} when the storage is row-major. */
    int panel() {
        return panel;
    }

    int panels() {
        return (out + panel - 1) / panel;
    }

    /** Where w[k][j] is in {@link #data()}; the panel's next columns follow it, its next row is a panel further. */
    int offset(int k, int j) {
        return (j / panel * in + k) * panel + j % panel;
    }

    double get(int k, int j) {
        return data[offset(k, j)];
    }

    /** The packed values; products read them in place. */
    double[] data() {
        return data;
    }

    long bytes() {
        return (long) data.length * Double.BYTES;
    }
}
