package dev.portbench.backend.reference;

/**
 * The products in plain Java, in the arithmetic of one {@link Precision}: fp32 rounds every multiply and add to float,
 * as a float32 kernel does. Rows of x go in blocks so each row of w is reused from cache.
 */
final class ScalarProduct implements MatrixProduct {
    /** Rows of x updated per pass over W, so each row of W is reused from cache. */
    private static final int ROW_BLOCK = 8;
    private final Precision precision;

    ScalarProduct(Precision precision) {
        this.precision = precision;
    }

    @Override
    public void columns(double[] x, int rows, int in, double[] w, int out, double[] y, int from, int to) {
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            int r1 = Math.min(rows, r0 + ROW_BLOCK);
            for (int k = 0; k < in; k++) {
                int wRow = k * out;
                for (int r = r0; r < r1; r++) {
                    precision.axpy(y, r * out + from, x[r * in + k], w, wRow + from, to - from);
                }
            }
        }
    }

    @Override
    public void axpy(double[] y, int yOff, double a, double[] x, int xOff, int n) {
        precision.axpy(y, yOff, a, x, xOff, n);
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
