package dev.portbench.backend.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/** The dense math of the reference decoder on row-major double arrays, in the arithmetic of one {@link Precision}. */
final class Kernels {
    /** Multiply-adds below which a product runs on the calling thread: splitting costs more than it saves. */
    static final long PARALLEL_MIN_WORK = 1L << 18;
    /**
     * Pieces a product's columns are cut into per thread, so that a thread that starts late (a helper waking up) or
     * runs slow takes fewer: with one piece per thread the oracle's small pair took 5–11 % longer.
     */
    private static final int PIECES_PER_THREAD = 4;
    /** Whether this thread is running items of a {@link #forEach}: products inside them then run on it alone. */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
    /** Elements of an element-wise pass per task, and what one exp costs in multiply-adds, roughly. */
    private static final int SILU_CHUNK = 4096;
    private static final long EXP_COST = 16;
    private final Precision precision;
    private final ForkJoinPool pool;
    private final MatrixProduct product;

    /** Single-threaded. */
    Kernels(Precision precision) {
        this(precision, null);
    }

    /**
     * @param pool the helpers of the calling thread, which takes part too: a pool of threads − 1; null: all on the
     *             calling thread
     */
    Kernels(Precision precision, ForkJoinPool pool) {
        this(precision, pool, fastestProduct(precision));
    }

    Kernels(Precision precision, ForkJoinPool pool, MatrixProduct product) {
        this.precision = precision;
        this.pool = pool;
        this.product = product;
    }

    /** The vector kernel for fp64 where the JVM has the vector module; fp32's per-operation rounding stays scalar. */
    static MatrixProduct fastestProduct(Precision precision) {
        return precision == Precision.FP64 && VectorProduct.available() ? new VectorProduct()
                : new ScalarProduct(precision);
    }

    double round(double v) {
        return precision.round(v);
    }

    /**
     * y[rows, out] = x[rows, in] · w[in, out]. Every y[r][j] is the sum over k = 0 … in−1 in that order, whichever
     * thread computes it: threads split the output columns (in whole panels of the product), never the sum, so results
     * are bit for bit the same for any number of threads.
     *
     * @param w packed for this product ({@link #pack}, {@link ReferenceWeights#matrix})
     */
    double[] matmul(double[] x, int rows, PackedMatrix w) {
        if (x.length < (long) rows * w.in()) {
            throw new IllegalArgumentException(rows + " rows of " + w.in() + " values need " + (long) rows * w.in()
                    + "; x holds " + x.length);
        }
        int out = w.out();
        double[] y = new double[Math.multiplyExact(rows, out)];
        int block = product.columnBlock();
        int blocks = (out + block - 1) / block;
        int threads = pool == null ? 1 : pool.getParallelism() + 1;
        int parts = threads == 1 ? 1 : Math.max(1, Math.min(PIECES_PER_THREAD * threads, blocks / 2));
        forEach(parts, (long) rows * w.in() * out / parts, p -> product.columns(x, rows, w, y,
                Math.min(out, (int) ((long) blocks * p / parts) * block),
                Math.min(out, (int) ((long) blocks * (p + 1) / parts) * block)));
        return y;
    }

    /** Row-major w[in, out] packed the way this product reads it. */
    PackedMatrix pack(double[] w, int in, int out) {
        return PackedMatrix.of(w, in, out, product.panel());
    }

    /** The panel width weights are packed in for this kernel's products. */
    int panel() {
        return product.panel();
    }

    /**
     * Runs {@code task} for 0 … n−1 on the calling thread and the pool's helpers, each taking the next item as it
     * finishes one, when the work ({@code workPerItem} multiply-adds each) is worth it. Items must be independent:
     * each one's arithmetic is the same on any thread. Calls made inside an item run on its thread alone.
     * The caller works instead of waiting, and a helper that has not started when the items run out is called off
     * rather than waited for: handing every item to the pool and waiting left the threads idle a quarter of the time
     * on this 2-core VM (waking a parked thread costs more than a small product), and taking items from a shared
     * counter evens out threads that start late or run slow. The oracle's small pair took 5 to 11 % less time.
     */
    void forEach(int n, long workPerItem, java.util.function.IntConsumer task) {
        if (pool == null || n < 2 || n * workPerItem < PARALLEL_MIN_WORK || INSIDE.get()) {
            for (int i = 0; i < n; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            INSIDE.set(true);
            try {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            } finally {
                INSIDE.set(false);
            }
        };
        int helpers = Math.min(pool.getParallelism(), n - 1);
        List<Helper> started = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            started.add(new Helper(pool, drain));
        }
        try {
            drain.run();
        } finally {
            for (Helper h : started) {
                h.finish();
            }
        }
    }

    /** One helper of a {@link #forEach}: runs the items it can take unless called off before it starts. */
    private static final class Helper {
        private static final int WAITING = 0;
        private static final int RUNNING = 1;
        private static final int CALLED_OFF = 2;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private final ForkJoinTask<?> task;

        Helper(ForkJoinPool pool, Runnable drain) {
            this.task = pool.submit(() -> {
                if (state.compareAndSet(WAITING, RUNNING)) {
                    drain.run();
                }
            });
        }

        /** Returns once this helper is done with its items, or at once if it had not started (it never will). */
        void finish() {
            if (!state.compareAndSet(WAITING, CALLED_OFF)) {
                task.join();
            }
        }
    }

    /**
     * One query's output from its attention weights: {@code out[outOff + c]} = Σ weights[j] · values[vOff + j · stride
     * + c] for c below {@code width}, summed over j = 0 … visible−1 in order.
     */
    void attend(double[] weights, int visible, double[] values, int vOff, int stride, double[] out, int outOff,
                int width) {
        product.rowTimes(weights, 0, visible, values, vOff, stride, out, outOff, width);
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

    /**
     * One query's attention weights over its {@code visible} keys into {@code scores[0, visible)}: the dot products of
     * {@code width} query channels from {@code q[qOff]} with the keys stored channel-major in {@code keysT} (channel c
     * of key j at {@code c · total + j}), scaled, then softmaxed.
     */
    void attentionWeights(double[] scores, double[] q, int qOff, int width, double[] keysT, int total, int visible,
                          double scale) {
        product.rowTimes(q, qOff, width, keysT, 0, total, scores, 0, visible);
        for (int j = 0; j < visible; j++) {
            scores[j] = round(scores[j] * scale);
        }
        softmaxInPlace(scores, 0, visible);
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

    /** silu(gate) ⊙ up, element-wise, into gate; large arrays in chunks over the pool (each element on its own). */
    void siluTimesInPlace(double[] gate, double[] up) {
        int chunks = (gate.length + SILU_CHUNK - 1) / SILU_CHUNK;
        forEach(chunks, SILU_CHUNK * EXP_COST, c -> {
            for (int i = c * SILU_CHUNK, end = Math.min(gate.length, i + SILU_CHUNK); i < end; i++) {
                double g = gate[i];
                double sigmoid = round(1.0 / round(1.0 + round(Math.exp(-g))));
                gate[i] = round(round(g * sigmoid) * up[i]);
            }
        });
    }
}
