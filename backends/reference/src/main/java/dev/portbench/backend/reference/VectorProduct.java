package dev.portbench.backend.reference;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * fp64 products with the JDK's vector API, the oracle's hot loop. Columns go in panels of {@link #PANEL} (three vectors
 * wide); each panel of w is copied into a contiguous buffer once, then swept by a 4-row × 3-vector block of
 * accumulators held in registers. Packing matters more than the vectors: reading w's panel in place strides a whole row
 * per k and ran at a third of the speed. Multiplies and adds stay separate (no fused multiply-add) and k runs in order,
 * so every element is bit for bit what {@link ScalarProduct} computes. Rows and columns that do not fill a block are
 * swept row by row along w's rows, which also serves the one-row products of a decode step without packing.
 *
 * <p>Load this class only where {@link #available()}: without the module its first use throws NoClassDefFoundError.
 */
final class VectorProduct implements MatrixProduct {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    static final int PANEL = 3 * LANES;
    private static final int ROWS = 4;
    private static final String MODULE = "jdk.incubator.vector";

    /** Whether the JVM was started with the vector module ({@code --add-modules jdk.incubator.vector}). */
    static boolean available() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    @Override
    public void columns(double[] x, int rows, int in, double[] w, int out, double[] y, int from, int to) {
        int blockedRows = rows < ROWS ? 0 : rows - rows % ROWS;
        int panelsEnd = blockedRows == 0 ? from : from + (to - from) / PANEL * PANEL;
        if (panelsEnd > from) {
            double[] packed = new double[in * PANEL];
            for (int j0 = from; j0 < panelsEnd; j0 += PANEL) {
                for (int k = 0; k < in; k++) {
                    System.arraycopy(w, k * out + j0, packed, k * PANEL, PANEL);
                }
                for (int r0 = 0; r0 < blockedRows; r0 += ROWS) {
                    block(x, in, packed, r0, y, out, j0);
                }
            }
        }
        along(x, 0, blockedRows, in, w, out, y, panelsEnd, to);
        along(x, blockedRows, rows, in, w, out, y, from, to);
    }

    /** y[r0 … r0+3][j0 … j0+PANEL−1] from a packed panel of w. */
    private static void block(double[] x, int in, double[] packed, int r0, double[] y, int out, int j0) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        int x0 = r0 * in;
        for (int k = 0; k < in; k++) {
            int p = k * PANEL;
            DoubleVector w0 = DoubleVector.fromArray(SPECIES, packed, p);
            DoubleVector w1 = DoubleVector.fromArray(SPECIES, packed, p + LANES);
            DoubleVector w2 = DoubleVector.fromArray(SPECIES, packed, p + 2 * LANES);
            double a0 = x[x0 + k];
            double a1 = x[x0 + in + k];
            double a2 = x[x0 + 2 * in + k];
            double a3 = x[x0 + 3 * in + k];
            c00 = c00.add(w0.mul(a0));
            c01 = c01.add(w1.mul(a0));
            c02 = c02.add(w2.mul(a0));
            c10 = c10.add(w0.mul(a1));
            c11 = c11.add(w1.mul(a1));
            c12 = c12.add(w2.mul(a1));
            c20 = c20.add(w0.mul(a2));
            c21 = c21.add(w1.mul(a2));
            c22 = c22.add(w2.mul(a2));
            c30 = c30.add(w0.mul(a3));
            c31 = c31.add(w1.mul(a3));
            c32 = c32.add(w2.mul(a3));
        }
        int o = r0 * out + j0;
        store(c00, c01, c02, y, o);
        store(c10, c11, c12, y, o + out);
        store(c20, c21, c22, y, o + 2 * out);
        store(c30, c31, c32, y, o + 3 * out);
    }

    private static void store(DoubleVector a, DoubleVector b, DoubleVector c, double[] y, int offset) {
        a.intoArray(y, offset);
        b.intoArray(y, offset + LANES);
        c.intoArray(y, offset + 2 * LANES);
    }

    /** Rows r0 … r1−1, columns from … to−1, sweeping w row by row: y[r][j] += x[r][k] · w[k][j], k in order. */
    private static void along(double[] x, int r0, int r1, int in, double[] w, int out, double[] y, int from, int to) {
        if (from >= to) {
            return;
        }
        int vectorEnd = from + SPECIES.loopBound(to - from);
        for (int r = r0; r < r1; r++) {
            int yRow = r * out;
            for (int k = 0; k < in; k++) {
                double a = x[r * in + k];
                int wRow = k * out;
                int j = from;
                for (; j < vectorEnd; j += LANES) {
                    DoubleVector.fromArray(SPECIES, y, yRow + j)
                            .add(DoubleVector.fromArray(SPECIES, w, wRow + j).mul(a))
                            .intoArray(y, yRow + j);
                }
                for (; j < to; j++) {
                    y[yRow + j] += a * w[wRow + j];
                }
            }
        }
    }

    @Override
    public int columnBlock() {
        return PANEL;
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }
}
