package dev.portbench.backend.reference;

/**
 * Computes columns {@code from … to−1} of y[rows, out] = x[rows, in] · w[in, out] (x and y row-major, w packed as
 * this product asks), each y[r][j] the sum over k = 0 … in−1 in that order, so every implementation gives the same
 * bits whatever the column split.
 */
interface MatrixProduct {

    void columns(double[] x, int rows, PackedMatrix w, double[] y, int from, int to);

    /**
     * One row of x times a row-major block of w, for attention: y[yOff + j] = Σ x[xOff + k] · w[wOff + k · wStride + j]
     * for j below n, each sum over k = 0 … in−1 in that order from zero, in this product's arithmetic.
     */
    void rowTimes(double[] x, int xOff, int in, double[] w, int wOff, int wStride, double[] y, int yOff, int n);

    /** The panel width weights are packed in for this product; {@link PackedMatrix#ROW_MAJOR}: row-major. */
    int panel();

    /** Column ranges handed to {@link #columns} start at multiples of this, so threads split whole panels. */
    int columnBlock();

    /** How the products are computed, as the backend's options report it. */
    String name();
}
