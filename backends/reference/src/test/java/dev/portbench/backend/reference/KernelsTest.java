package dev.portbench.backend.reference;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelsTest {
    private final Kernels fp64 = new Kernels(Precision.FP64);
    private final Kernels fp32 = new Kernels(Precision.FP32);

    /** y = x · w with w packed the way {@code k}'s product reads it. */
    private static double[] matmul(Kernels k, double[] x, int rows, int in, double[] w, int out) {
        return k.matmul(x, rows, k.pack(w, in, out));
    }

    /** Values that are exact floats, so fp32 and fp64 kernels start from the same numbers. */
    private static double[] randomFloats(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    private static void assertExactFloats(double[] v) {
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], (double) (float) v[i], "value " + i + " is not a float");
        }
    }

    @Test
    void fp64MatmulMatchesNaiveTripleLoop() {
        Random r = new Random(1);
        int rows = 19; // not a multiple of the kernel's row block
        int in = 13;
        int out = 7;
        double[] x = randomFloats(r, rows * in, 1);
        double[] w = randomFloats(r, in * out, 1);
        double[] y = matmul(fp64, x, rows, in, w, out);
        assertEquals(rows * out, y.length);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < out; j++) {
                double sum = 0;
                double abs = 0;
                for (int k = 0; k < in; k++) {
                    sum += x[i * in + k] * w[k * out + j];
                    abs += Math.abs(x[i * in + k] * w[k * out + j]);
                }
                assertEquals(sum, y[i * out + j], 1e-12 * abs, "y[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void fp32MatmulEqualsSequentialFloatArithmeticBitForBit() {
        Random r = new Random(2);
        int rows = 11;
        int in = 37;
        int out = 5;
        double[] x = randomFloats(r, rows * in, 3);
        double[] w = randomFloats(r, in * out, 0.2);
        double[] y = matmul(fp32, x, rows, in, w, out);
        assertExactFloats(y);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < out; j++) {
                float sum = 0f;
                for (int k = 0; k < in; k++) {
                    sum += (float) x[i * in + k] * (float) w[k * out + j]; // real IEEE single arithmetic
                }
                assertEquals(sum, (float) y[i * out + j], "y[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void fp32MatmulDiffersFromFp64ByFloatRoundingOnly() {
        Random r = new Random(3);
        double[] x = randomFloats(r, 8 * 64, 1);
        double[] w = randomFloats(r, 64 * 8, 1);
        double[] a = matmul(fp64, x, 8, 64, w, 8);
        double[] b = matmul(fp32, x, 8, 64, w, 8);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += a[i] * a[i];
        }
        double rel = Math.sqrt(diff / norm);
        assertTrue(rel > 1e-9 && rel < 1e-6, "rel_l2 " + rel);
    }

    @Test
    void rmsNormMatchesHandFormulaRowByRow() {
        Random r = new Random(4);
        int rows = 3;
        int width = 10;
        double eps = 1e-5;
        double[] x = randomFloats(r, rows * width, 2);
        double[] gain = randomFloats(r, width, 1);
        double[] y = fp64.rmsNorm(x, rows, width, gain, eps);
        for (int row = 0; row < rows; row++) {
            double meanSquare = 0;
            for (int i = 0; i < width; i++) {
                meanSquare += x[row * width + i] * x[row * width + i] / width;
            }
            double rms = Math.sqrt(meanSquare + eps);
            for (int i = 0; i < width; i++) {
                double expected = x[row * width + i] / rms * gain[i];
                assertEquals(expected, y[row * width + i], 1e-14 * Math.max(1, Math.abs(expected)));
            }
        }
        double[] y32 = fp32.rmsNorm(x, rows, width, gain, eps);
        assertExactFloats(y32);
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i], y32[i], 1e-6 * Math.max(1, Math.abs(y[i])));
        }
    }

    @Test
    void rmsNormOfConstantRowWithUnitGainIsNearOne() {
        double[] y = fp64.rmsNorm(new double[] {-3, -3, -3, -3}, 1, 4, new double[] {1, 1, 1, 1}, 0);
        for (double v : y) {
            assertEquals(-1.0, v, 1e-15);
        }
    }

    @Test
    void softmaxMatchesExpOverSumOnTheSliceOnly() {
        double[] x = {9, 1, 2, 3, -1, 9};
        fp64.softmaxInPlace(x, 1, 4);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(-1);
        assertEquals(Math.exp(1) / z, x[1], 1e-15);
        assertEquals(Math.exp(2) / z, x[2], 1e-15);
        assertEquals(Math.exp(3) / z, x[3], 1e-15);
        assertEquals(Math.exp(-1) / z, x[4], 1e-15);
        assertEquals(9.0, x[0]);
        assertEquals(9.0, x[5]);
    }

    @Test
    void softmaxSumsToOneAndIsShiftInvariant() {
        Random r = new Random(5);
        double[] x = randomFloats(r, 50, 10);
        double[] shifted = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            shifted[i] = x[i] + 1000; // exp(1000) alone would overflow
        }
        fp64.softmaxInPlace(x, 0, x.length);
        fp64.softmaxInPlace(shifted, 0, shifted.length);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i];
            assertEquals(x[i], shifted[i], 1e-12 * x[i] + 1e-300);
        }
        assertEquals(1.0, sum, 1e-14);
    }

    @Test
    void fp32SoftmaxGivesFloatsSummingToOne() {
        double[] x = randomFloats(new Random(6), 40, 5);
        fp32.softmaxInPlace(x, 0, x.length);
        assertExactFloats(x);
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-6);
    }

    @Test
    void siluTimesMatchesHandFormula() {
        double[] g = {-4, -0.5, 0, 0.5, 4};
        double[] u = {1, 2, 3, -1, 0.25};
        double[] gate = g.clone();
        fp64.siluTimesInPlace(gate, u);
        for (int i = 0; i < g.length; i++) {
            double expected = g[i] / (1 + Math.exp(-g[i])) * u[i];
            assertEquals(expected, gate[i], 1e-15);
        }
    }

    @Test
    void addInPlaceAddsElementWise() {
        double[] acc = {1, 2, 3};
        fp64.addInPlace(acc, new double[] {0.5, -2, 10});
        assertEquals(1.5, acc[0]);
        assertEquals(0.0, acc[1]);
        assertEquals(13.0, acc[2]);
        double[] acc32 = {1};
        fp32.addInPlace(acc32, new double[] {0x1.0p-25}); // below half a float ulp of 1
        assertEquals(1.0, acc32[0]);
    }

    /** Split over a pool by output columns, a large product equals the plain sum over k in order, bit for bit. */
    @Test
    void aProductSplitOverThreadsIsTheSequentialSumInBothPrecisions() {
        int rows = 5;
        int in = 300;
        int out = 1000; // 1.5 M multiply-adds: above the split threshold
        java.util.Random random = new java.util.Random(7);
        double[] x = new double[rows * in];
        double[] w = new double[in * out];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextDouble() * 2 - 1);
        }
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(3); // and the caller: 4 threads
        try {
            for (Precision precision : Precision.values()) {
                double[] split = matmul(new Kernels(precision, pool), x, rows, in, w, out);
                double[] expected = new double[rows * out];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < out; j++) {
                        double sum = 0;
                        for (int k = 0; k < in; k++) {
                            sum = precision == Precision.FP32 ? (float) (sum + (float) (x[r * in + k] * w[k * out + j]))
                                    : sum + x[r * in + k] * w[k * out + j];
                        }
                        expected[r * out + j] = sum;
                    }
                }
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, split, precision.id());
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double[] sequentialFp64(double[] x, int rows, int in, double[] w, int out) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                double sum = 0;
                for (int k = 0; k < in; k++) {
                    sum += x[r * in + k] * w[k * out + j];
                }
                y[r * out + j] = sum;
            }
        }
        return y;
    }

    /**
     * The vector kernel gives the plain sum over k in order, bit for bit, with either register block, for shapes that
     * fill its blocks and shapes that leave rows and columns over, on one thread and split over two and three.
     */
    @Test
    void vectorProductIsTheSequentialSumBitForBitForAnyShapeBlockAndThreadCount() {
        assertTrue(VectorProduct.available(), "tests run with --add-modules=jdk.incubator.vector (see the parent pom)");
        Random random = new Random(8);
        // the calling thread takes part: a pool of one helper makes two threads, of two three
        java.util.concurrent.ForkJoinPool two = new java.util.concurrent.ForkJoinPool(1);
        java.util.concurrent.ForkJoinPool three = new java.util.concurrent.ForkJoinPool(2);
        try {
            for (VectorProduct.Block block : VectorProduct.Block.values()) {
                MatrixProduct product = new VectorProduct(block);
                int panel = product.columnBlock();
                // rows 0 (an empty product), 7 and 13 (full row blocks of either size and one row over)
                for (int rows : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 9, 13, 64}) {
                    for (int out : new int[] {1, 2, 3, panel - 1, panel, panel + 1, panel + 5, 7 * panel + 3}) {
                        for (int in : new int[] {1, 2, 17, 300}) {
                            double[] x = randomFloats(random, rows * in, 1);
                            double[] w = randomFloats(random, in * out, 1);
                            double[] expected = sequentialFp64(x, rows, in, w, out);
                            String shape = rows + "x" + in + "x" + out + " in " + block + " blocks";
                            org.junit.jupiter.api.Assertions.assertArrayEquals(expected,
                                    matmul(new Kernels(Precision.FP64, null, product), x, rows, in, w, out), shape);
                            org.junit.jupiter.api.Assertions.assertArrayEquals(expected,
                                    matmul(new Kernels(Precision.FP64, two, product), x, rows, in, w, out),
                                    shape + " on 2 threads");
                            org.junit.jupiter.api.Assertions.assertArrayEquals(expected,
                                    matmul(new Kernels(Precision.FP64, three, product), x, rows, in, w, out),
                                    shape + " on 3 threads");
                        }
                    }
                }
            }
        } finally {
            two.shutdown();
            three.shutdown();
        }
    }

    /** Every item runs exactly once, items inside items too (on their own thread), whatever thread takes them. */
    @Test
    void forEachRunsEveryItemAndEveryNestedItemExactlyOnce() {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(2);
        try {
            Kernels k = new Kernels(Precision.FP64, pool);
            int n = 200;
            java.util.concurrent.atomic.AtomicIntegerArray outer = new java.util.concurrent.atomic.AtomicIntegerArray(n);
            java.util.concurrent.atomic.AtomicIntegerArray inner = new java.util.concurrent.atomic.AtomicIntegerArray(n * 7);
            java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
            for (int round = 0; round < 20; round++) {
                k.forEach(n, Kernels.PARALLEL_MIN_WORK, i -> {
                    outer.incrementAndGet(i);
                    Thread mine = Thread.currentThread();
                    threads.add(mine);
                    k.forEach(7, Kernels.PARALLEL_MIN_WORK, j -> {
                        assertEquals(mine, Thread.currentThread(), "a nested item runs on its item's thread");
                        inner.incrementAndGet(i * 7 + j);
                    });
                });
            }
            for (int i = 0; i < n; i++) {
                assertEquals(20, outer.get(i), "item " + i);
            }
            for (int i = 0; i < n * 7; i++) {
                assertEquals(20, inner.get(i), "nested item " + i);
            }
            assertTrue(threads.contains(Thread.currentThread()), "the caller takes items too");
            assertTrue(threads.size() <= 3, threads.size() + " threads for a caller and two helpers");
        } finally {
            pool.shutdown();
        }
    }

    /** A helper whose thread is busy elsewhere is called off: the caller runs every item and does not wait for it. */
    @Test
    void forEachDoesNotWaitForAHelperThatNeverStarted() throws Exception {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
        try {
            pool.submit(() -> {
                blocked.countDown();
                release.await();
                return null;
            });
            blocked.await();
            Kernels k = new Kernels(Precision.FP64, pool);
            java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                    () -> k.forEach(10, Kernels.PARALLEL_MIN_WORK, i -> ran.incrementAndGet()));
            assertEquals(10, ran.get());
        } finally {
            release.countDown();
            pool.shutdown();
        }
    }

    /** The scalar products read weights packed in any panel width and give the same bits as from row-major ones. */
    @Test
    void scalarProductsGiveTheSameBitsFromAnyPacking() {
        Random random = new Random(9);
        int rows = 7;
        int in = 40;
        int out = 29;
        double[] x = randomFloats(random, rows * in, 1);
        double[] w = randomFloats(random, in * out, 1);
        java.util.concurrent.ForkJoinPool two = new java.util.concurrent.ForkJoinPool(1);
        try {
            for (Precision precision : Precision.values()) {
                Kernels single = new Kernels(precision, null, new ScalarProduct(precision));
                double[] rowMajor = single.matmul(x, rows, PackedMatrix.of(w, in, out, PackedMatrix.ROW_MAJOR));
                for (int panel : new int[] {1, 5, 12, 16, 64}) {
                    PackedMatrix packed = PackedMatrix.of(w, in, out, panel);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(rowMajor, single.matmul(x, rows, packed),
                            precision.id() + ", panels of " + panel);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(rowMajor,
                            new Kernels(precision, two, new ScalarProduct(precision)).matmul(x, rows, packed),
                            precision.id() + ", panels of " + panel + " on 2 threads");
                }
            }
        } finally {
            two.shutdown();
        }
    }

    /**
     * Attention's row products (scores against transposed keys, weights against values) are the plain sum over k in
     * order from zero, bit for bit, in both products: widths that fill four vectors, one, and leave columns over.
     */
    @Test
    void rowTimesIsTheSequentialSumBitForBitInEveryProduct() {
        Random random = new Random(10);
        int xOff = 3;
        int wOff = 5;
        int yOff = 2;
        for (int n : new int[] {1, 3, 4, 7, 12, 13, 16, 21, 37, 64}) {
            for (int in : new int[] {1, 9, 32}) {
                int stride = n + 6;
                double[] x = randomFloats(random, xOff + in, 1);
                double[] w = randomFloats(random, wOff + in * stride, 1);
                double[] expected64 = new double[yOff + n];
                double[] expected32 = new double[yOff + n];
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    float sum32 = 0f;
                    for (int k = 0; k < in; k++) {
                        sum += x[xOff + k] * w[wOff + k * stride + j];
                        sum32 += (float) x[xOff + k] * (float) w[wOff + k * stride + j];
                    }
                    expected64[yOff + j] = sum;
                    expected32[yOff + j] = sum32;
                }
                String shape = in + " terms, " + n + " columns";
                for (MatrixProduct product : new MatrixProduct[] {new ScalarProduct(Precision.FP64),
                        new VectorProduct(VectorProduct.Block.NARROW), new VectorProduct(VectorProduct.Block.WIDE)}) {
                    double[] y = new double[yOff + n];
                    java.util.Arrays.fill(y, 99); // written, not added to
                    y[0] = -1;
                    product.rowTimes(x, xOff, in, w, wOff, stride, y, yOff, n);
                    expected64[0] = -1;
                    expected64[1] = 99;
                    org.junit.jupiter.api.Assertions.assertArrayEquals(expected64, y, product.name() + ", " + shape);
                }
                double[] y32 = new double[yOff + n];
                new ScalarProduct(Precision.FP32).rowTimes(x, xOff, in, w, wOff, stride, y32, yOff, n);
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected32, y32, "fp32, " + shape);
            }
        }
    }

    @Test
    void theVectorProductRejectsWeightsPackedForAnotherPanelNamingBothWidths() {
        VectorProduct narrow = new VectorProduct(VectorProduct.Block.NARROW);
        Kernels k = new Kernels(Precision.FP64, null, narrow);
        PackedMatrix forWide = new Kernels(Precision.FP64, null, new VectorProduct(VectorProduct.Block.WIDE))
                .pack(new double[8 * 40], 8, 40);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.matmul(new double[8], 1, forWide));
        assertTrue(e.getMessage().contains("panels of " + forWide.panel() + " columns; " + narrow.name()
                + " reads panels of " + narrow.panel()), e.getMessage());
    }

    @Test
    void anXShorterThanRowsTimesInIsRejectedNamingTheSizes() {
        PackedMatrix w = fp64.pack(new double[6 * 2], 6, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fp64.matmul(new double[11], 2, w));
        assertTrue(e.getMessage().contains("2 rows of 6 values need 12; x holds 11"), e.getMessage());
    }

    @Test
    void theBlocksPanelsAreTheirVectorsWideAndTheNameSaysWhichRan() {
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        int bits = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        assertEquals(4 * lanes, new VectorProduct(VectorProduct.Block.WIDE).columnBlock());
        assertEquals(3 * lanes, new VectorProduct(VectorProduct.Block.NARROW).columnBlock());
        assertEquals("vector-" + bits + "-6x4", new VectorProduct(VectorProduct.Block.WIDE).name());
        assertEquals("vector-" + bits + "-4x3", new VectorProduct(VectorProduct.Block.NARROW).name());
        String arch = System.getProperty("os.arch");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        assertEquals(x86 && bits < 512 ? VectorProduct.Block.NARROW : VectorProduct.Block.WIDE,
                VectorProduct.Block.forThisMachine(), arch + " with " + bits + "-bit vectors");
    }

    @Test
    void fp64UsesTheVectorKernelAndFp32TheScalarOne() {
        assertEquals(new VectorProduct(VectorProduct.Block.forThisMachine()).name(),
                Kernels.fastestProduct(Precision.FP64).name());
        assertEquals("scalar", Kernels.fastestProduct(Precision.FP32).name());
    }
}
