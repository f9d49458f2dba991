package dev.portbench.backend.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/** The dense math of the reference decoder on row-major double arrays, in the arithmetic of one {@link Precision}. */
final class Kernels {
    /** Rows of x updated per pass over W, so each row of W is reused from cache. */
    private static final int ROW_BLOCK = 8;
    /** Multiply-adds below which a product runs on the calling thread: splitting costs more than it saves. */
    static final long PARALLEL_MIN_WORK = 1L << 18;
    private final Precision precision;
    private final ForkJoinPool pool;

    /** Single-threaded. */
    Kernels(Precision precision) {
        this(precision, null);
    }

    /** @param pool where large products are split by output columns; null: all on the calling thread */
    Kernels(Precision precision, ForkJoinPool pool) {
        this.precision = precision;
        this.pool = pool;
    }

    double round(double v) {
        return precision.round(v);
    }

    /**
     * y[rows, out] = x[rows, in] · w[in, out]. Every y[r][j] is the sum over k = 0 … in−1 in that order, whichever
     * thread computes it: threads split the output columns, never the sum, so results are bit for bit the same for
     * any number of threads.
     */
    double[] matmul(double[] x, int rows, int in, double[] w, int out) {
        double[] y = new double[rows * out];
        int parts = pool == null ? 1 : pool.getParallelism();
        if (parts <= 1 || (long) rows * in * out < PARALLEL_MIN_WORK || out < 2 * parts) {
            columns(x, rows, in, w, out, y, 0, out);
            return y;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) out * p / parts);
            int to = (int) ((long) out * (p + 1) / parts);
            tasks.add(pool.submit(() -> columns(x, rows, in, w, out, y, from, to)));
        }
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
        return y;
    }

    /** Columns from … to−1 of y = x · w, summing over k in order. */
    private void columns(double[] x, int rows, int in, double[] w, int out, double[] y, int from, int to) {
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            int r1 = Math.min(rows, r0 + ROW_BLOCK);
            for (int k = 0; k < in; k++) {
                int wRow = k * out;
                for (int r = r0; r < r1; r++) {
                    double a = x[r * in + k];
                    int yRow = r * out;
                    if (precision == Precision.FP32) {
                        for (int j = from; j < to; j++) {
                            y[yRow + j] = (float) (y[yRow + j] + (float) (a * w[wRow + j]));
                        }
                    } else {
                        for (int j = from; j < to; j++) {
                            y[yRow + j] += a * w[wRow + j];
                        }
                    }
                }
            }
        }
    }

    /** x · 1/√(mean(x²) + ε) · gain, row by row. */
    double[] rmsNorm(double[] x, int rows, int width, double[] gain, double eps) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            double sumSquares = 0;
            for (int i = 0; i < width; i++) {
                sumSquares = round(sumSquares + round(x[o + i] * x[o + i]));
            }
            double inv = round(1.0 / round(Math.sqrt(round(round(sumSquares / width) + round(eps)))));
            for (int i = 0; i < width; i++) {
                y[o + i] = round(round(x[o + i] * inv) * gain[i]);
            }
        }
        return y;
    }

    /** Softmax over {@code x[from, from + n)} in place, max-subtracted. */
    void softmaxInPlace(double[] x, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + n; i++) {
            max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            x[i] = round(Math.exp(round(x[i] - max)));
            sum = round(sum + x[i]);
        }
        for (int i = from; i < from + n; i++) {
            x[i] = round(x[i] / sum);
        }
    }

    void addInPlace(double[] acc, double[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] = round(acc[i] + x[i]);
        }
    }

    /** silu(gate) ⊙ up, element-wise, into gate. */
    void siluTimesInPlace(double[] gate, double[] up) {
        for (int i = 0; i < gate.length; i++) {
            double g = gate[i];
            double sigmoid = round(1.0 / round(1.0 + round(Math.exp(-g))));
            gate[i] = round(round(g * sigmoid) * up[i]);
        }
    }
}
