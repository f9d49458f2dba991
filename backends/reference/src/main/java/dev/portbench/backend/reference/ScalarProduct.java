package dev.portbench.backend.reference;

/**
 * The products in plain Java, in the arithmetic of one {@link Precision}: fp32 rounds every multiply and add to float,
 * as a float32 kernel does. Rows of x go in blocks so each row of w is reused from cache. Reads weights packed in any
 * panel width; its own are row-major ({@link #panel()}), so each row of w is one long sweep.
 */
final class ScalarProduct implements MatrixProduct {
    /** Rows of x updated per pass over W, so each row of W is reused from cache. */
    private static final int ROW_BLOCK = 8;
    private final Precision precision;

    ScalarProduct(Precision precision) {
        this.precision = precision;
    }

    @Override
    public void columns(double[] x, int rows, PackedMatrix w, double[] y, int from, int to) {
        int in = w.in();
        int out = w.out();
        double[] packed = w.data();
        // one panel's share of [from, to) at a time: its rows are contiguous there
        for (int j0 = from, j1; j0 < to; j0 = j1) {
            j1 = Math.min(to, (j0 / w.panel() + 1) * w.panel());
            for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
                int r1 = Math.min(rows, r0 + ROW_BLOCK);
                for (int k = 0; k < in; k++) {
                    int wRow = w.offset(k, j0);
                    for (int r = r0; r < r1; r++) {
                        precision.axpy(y, r * out + j0, x[r * in + k], packed, wRow, j1 - j0);
                    }
                }
            }
        }
    }

    @Override
    public void rowTimes(double[] x, int xOff, int in, double[] w, int wOff, int wStride, double[] y, int yOff,
                         int n) {
        java.util.Arrays.fill(y, yOff, yOff + n, 0.0);
        for (int k = 0; k < in; k++) {
            precision.axpy(y, yOff, x[xOff + k], w, wOff + k * wStride, n);
        }
    }

    @Override
    public int panel() {
        return PackedMatrix.ROW_MAJOR;
    }

    @Override
    public int columnBlock() {
        return 1;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
