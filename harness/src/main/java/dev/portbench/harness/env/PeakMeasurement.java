package dev.portbench.harness.env;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures {@link MachinePeak} on this host: {@code cblas_sgemm} and {@code cblas_dgemm} through JavaCPP's OpenBLAS on
 * square matrices in native memory (best of {@link #REPEATS} after one warm-up call), and a multi-threaded copy of
 * {@code long[]} halves between two arrays, each thread its own slice (best of {@link #REPEATS}), counting the bytes
 * read and written. {@code -Dportbench.peak.gemm.size} and {@code -Dportbench.peak.stream.mb} shrink it for tests.
 */
public final class PeakMeasurement {
    static final int REPEATS = 3;
    public static final int DEFAULT_GEMM_SIZE = 2048;
    public static final int DEFAULT_STREAM_MB = 256;

    private PeakMeasurement() {
    }

    /** Never throws: a peak that cannot be measured comes back null, with the reason. */
    public static MachinePeak measure(int threads) {
        int size = Integer.getInteger("portbench.peak.gemm.size", DEFAULT_GEMM_SIZE);
        int streamMb = Integer.getInteger("portbench.peak.stream.mb", DEFAULT_STREAM_MB);
        Double bandwidth = copyGbps(threads, streamMb);
        try {
            openblas.blas_set_num_threads(threads);
            String blas = "OpenBLAS " + openblas.OPENBLAS_VERSION.strip() + " (" + openblas.blas_get_num_threads()
                    + " threads)";
            return new MachinePeak(sgemmGflops(size), dgemmGflops(size), bandwidth, threads, size, streamMb, blas,
                    null);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            return new MachinePeak(null, null, bandwidth, threads, size, streamMb, null,
                    "OpenBLAS did not load, so no GEMM peak: " + e);
        }
    }

    static double sgemmGflops(int n) {
        try (FloatPointer a = filled(new FloatPointer((long) n * n)); FloatPointer b = filled(new FloatPointer((long) n * n));
             FloatPointer c = new FloatPointer((long) n * n)) {
            Runnable call = () -> openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
                    openblas.CblasNoTrans, n, n, n, 1f, a, n, b, n, 0f, c, n);
            return gflops(call, 2.0 * n * n * n);
        }
    }

    static double dgemmGflops(int n) {
        try (DoublePointer a = filled(new DoublePointer((long) n * n));
             DoublePointer b = filled(new DoublePointer((long) n * n)); DoublePointer c = new DoublePointer((long) n * n)) {
            Runnable call = () -> openblas.cblas_dgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
                    openblas.CblasNoTrans, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
            return gflops(call, 2.0 * n * n * n);
        }
    }

    /** Small exact values (no denormals to slow the BLAS), copied to native memory in one call. */
    private static FloatPointer filled(FloatPointer p) {
        float[] values = new float[Math.toIntExact(p.capacity())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 7) * 0.125f;
        }
        return p.put(values);
    }

    private static DoublePointer filled(DoublePointer p) {
        double[] values = new double[Math.toIntExact(p.capacity())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 7) * 0.125;
        }
        return p.put(values);
    }

    /** The best rate of REPEATS calls after one warm-up call. */
    static double gflops(Runnable call, double flops) {
        call.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            call.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return flops / best;
    }

    /** Copy bandwidth in GB/s (10⁹ bytes), read and write counted; null where the arrays do not fit the heap. */
    static Double copyGbps(int threads, int mb) {
        long[] from;
        long[] to;
        try {
            from = new long[mb * 1024 * 1024 / Long.BYTES];
            to = new long[from.length];
        } catch (OutOfMemoryError e) {
            return null;
        }
        java.util.Arrays.fill(from, 1L);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long best = Long.MAX_VALUE;
            for (int i = 0; i <= REPEATS; i++) { // the first pass warms up and touches every page
                long start = System.nanoTime();
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int lo = (int) ((long) from.length * t / threads);
                    int hi = (int) ((long) from.length * (t + 1) / threads);
                    parts.add(pool.submit(() -> System.arraycopy(from, lo, to, lo, hi - lo)));
                }
                for (Future<?> f : parts) {
                    f.get();
                }
                if (i > 0) {
                    best = Math.min(best, System.nanoTime() - start);
                }
            }
            return 2.0 * from.length * Long.BYTES / best;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the copy benchmark failed", e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
