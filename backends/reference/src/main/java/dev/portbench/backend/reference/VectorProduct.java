package dev.portbench.backend.reference;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * fp64 products with the JDK's vector API, the oracle's hot loop. Columns go in panels of {@link Block#vectors} vectors,
 * read from weights packed panel by panel at load ({@link PackedMatrix}), each panel swept by a block of
 * {@link Block#rows} rows × {@link Block#vectors} vectors of accumulators held in registers. The block is sized to the
 * machine's vector registers ({@link Block#forThisMachine}): 6 × 4 where there are 32 (AVX-512; faster than 4 × 3
 * there by about a quarter), 4 × 3 where x86 has only 16 (AVX2: 6 × 4 spills; with 4 × 3 the oracle's dense-medium
 * pass took 11 % less time and moe-medium's 28 %, README). The block's stores stay in its own body: a vector handed to
 * a method that is not inlined is boxed, which ran at scalar speed. Packing matters more than the vectors: reading w's
 * panel in place strides a whole row per k and ran at a third of the speed; packing it in every product instead of
 * once at load cost a MoE expert's 32-row products a quarter to a third of their speed on weights not in cache.
 * Multiplies and adds stay separate (no fused multiply-add) and k runs in order, so every element is bit for bit what
 * {@link ScalarProduct} computes, whatever the block. A last panel narrower than the block is padded with zero
 * columns (at load), and the last rows that do not fill a block with zero rows: computed and dropped (sweeping them
 * row by row through unpacked w strided and took a fifth of the time). A single row left over, all of a decode step,
 * runs alone over each packed panel with a sum per vector in registers ({@link #rowTimes}).
 *
 * <p>Load this class only where {@link #available()}: without the module its first use throws NoClassDefFoundError.
 */
final class VectorProduct implements MatrixProduct {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final String MODULE = "jdk.incubator.vector";

    /** A register block: rows of x × vectors of w's panel, one accumulator each. */
    enum Block {
        /** 24 accumulators, 4 panel vectors and a broadcast: for 32 vector registers. */
        WIDE(6, 4),
        /** 12 accumulators, 3 panel vectors and a broadcast: for x86's 16 below AVX-512. */
        NARROW(4, 3);

        final int rows;
        final int vectors;

        Block(int rows, int vectors) {
            this.rows = rows;
            this.vectors = vectors;
        }

        /** x86 has 32 vector registers only with AVX-512; ARM's NEON and SVE have 32. */
        static Block forThisMachine() {
            String arch = System.getProperty("os.arch", "");
            boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.matches("i[3-6]86|x86");
            return x86 && SPECIES.vectorBitSize() < 512 ? NARROW : WIDE;
        }
    }

    private final Block shape;
    private final int panel;

    VectorProduct() {
        this(Block.forThisMachine());
    }

    VectorProduct(Block shape) {
        this.shape = shape;
        this.panel = shape.vectors * LANES;
    }

    /** Whether the JVM was started with the vector module ({@code --add-modules jdk.incubator.vector}). */
    static boolean available() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    @Override
    public void columns(double[] x, int rows, PackedMatrix w, double[] y, int from, int to) {
        if (w.panel() != panel) {
            throw new IllegalArgumentException("weights packed in panels of " + w.panel() + " columns; " + name()
                    + " reads panels of " + panel);
        }
        int in = w.in();
        int out = w.out();
        int blockRows = shape.rows;
        int fullRows = rows - rows % blockRows;
        // rows that do not fill a block run as one block padded with zero rows, computed and dropped; a single one
        // (a decode step's) as one row with a sum per vector in registers, which took half the time of a padded block
        boolean oneRowLeft = rows - fullRows == 1;
        double[] lastRows = fullRows == rows || oneRowLeft ? null : new double[blockRows * in];
        if (lastRows != null) {
            System.arraycopy(x, fullRows * in, lastRows, 0, (rows - fullRows) * in);
        }
        double[] packed = w.data();
        double[] edge = new double[blockRows * panel];
        for (int j0 = from; j0 < to; j0 += panel) {
            int n = Math.min(panel, to - j0);
            int base = w.offset(0, j0);
            if (oneRowLeft) {
                rowTimes(x, fullRows * in, in, packed, base, panel, y, fullRows * out + j0, n);
            }
            for (int r0 = 0; r0 < (oneRowLeft ? fullRows : rows); r0 += blockRows) {
                int m = Math.min(blockRows, rows - r0);
                if (n == panel && m == blockRows) {
                    block(x, r0 * in, in, packed, base, y, r0 * out + j0, out);
                } else {
                    block(m == blockRows ? x : lastRows, m == blockRows ? r0 * in : 0, in, packed, base, edge, 0,
                            panel);
                    for (int r = 0; r < m; r++) {
                        System.arraycopy(edge, r * panel, y, (r0 + r) * out + j0, n);
                    }
                }
            }
        }
    }

    /** One block of rows of x from {@code x0} times the panel of w packed from {@code base}, into {@code dst} from
     *  {@code offset}, rows {@code stride} apart. */
    private void block(double[] x, int x0, int in, double[] packed, int base, double[] dst, int offset, int stride) {
        if (shape == Block.WIDE) {
            wide(x, x0, in, packed, base, dst, offset, stride);
        } else {
            narrow(x, x0, in, packed, base, dst, offset, stride);
        }
    }

    /** {@link Block#WIDE}, unrolled by hand so the accumulators stay in registers. */
    private void wide(double[] x, int x0, int in, double[] packed, int base, double[] dst, int offset, int stride) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
        DoubleVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
        DoubleVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
        DoubleVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
        DoubleVector c40 = zero, c41 = zero, c42 = zero, c43 = zero;
        DoubleVector c50 = zero, c51 = zero, c52 = zero, c53 = zero;
        for (int k = 0; k < in; k++) {
            int p = base + k * panel;
            DoubleVector w0 = DoubleVector.fromArray(SPECIES, packed, p);
            DoubleVector w1 = DoubleVector.fromArray(SPECIES, packed, p + LANES);
            DoubleVector w2 = DoubleVector.fromArray(SPECIES, packed, p + 2 * LANES);
            DoubleVector w3 = DoubleVector.fromArray(SPECIES, packed, p + 3 * LANES);
            double a0 = x[x0 + k];
            c00 = c00.add(w0.mul(a0));
            c01 = c01.add(w1.mul(a0));
            c02 = c02.add(w2.mul(a0));
            c03 = c03.add(w3.mul(a0));
            double a1 = x[x0 + in + k];
            c10 = c10.add(w0.mul(a1));
            c11 = c11.add(w1.mul(a1));
            c12 = c12.add(w2.mul(a1));
            c13 = c13.add(w3.mul(a1));
            double a2 = x[x0 + 2 * in + k];
            c20 = c20.add(w0.mul(a2));
            c21 = c21.add(w1.mul(a2));
            c22 = c22.add(w2.mul(a2));
            c23 = c23.add(w3.mul(a2));
            double a3 = x[x0 + 3 * in + k];
            c30 = c30.add(w0.mul(a3));
            c31 = c31.add(w1.mul(a3));
            c32 = c32.add(w2.mul(a3));
            c33 = c33.add(w3.mul(a3));
            double a4 = x[x0 + 4 * in + k];
            c40 = c40.add(w0.mul(a4));
            c41 = c41.add(w1.mul(a4));
            c42 = c42.add(w2.mul(a4));
            c43 = c43.add(w3.mul(a4));
            double a5 = x[x0 + 5 * in + k];
            c50 = c50.add(w0.mul(a5));
            c51 = c51.add(w1.mul(a5));
            c52 = c52.add(w2.mul(a5));
            c53 = c53.add(w3.mul(a5));
        }
        c00.intoArray(dst, offset);
        c01.intoArray(dst, offset + LANES);
        c02.intoArray(dst, offset + 2 * LANES);
        c03.intoArray(dst, offset + 3 * LANES);
        c10.intoArray(dst, offset + stride);
        c11.intoArray(dst, offset + stride + LANES);
        c12.intoArray(dst, offset + stride + 2 * LANES);
        c13.intoArray(dst, offset + stride + 3 * LANES);
        c20.intoArray(dst, offset + 2 * stride);
        c21.intoArray(dst, offset + 2 * stride + LANES);
        c22.intoArray(dst, offset + 2 * stride + 2 * LANES);
        c23.intoArray(dst, offset + 2 * stride + 3 * LANES);
        c30.intoArray(dst, offset + 3 * stride);
        c31.intoArray(dst, offset + 3 * stride + LANES);
        c32.intoArray(dst, offset + 3 * stride + 2 * LANES);
        c33.intoArray(dst, offset + 3 * stride + 3 * LANES);
        c40.intoArray(dst, offset + 4 * stride);
        c41.intoArray(dst, offset + 4 * stride + LANES);
        c42.intoArray(dst, offset + 4 * stride + 2 * LANES);
        c43.intoArray(dst, offset + 4 * stride + 3 * LANES);
        c50.intoArray(dst, offset + 5 * stride);
        c51.intoArray(dst, offset + 5 * stride + LANES);
        c52.intoArray(dst, offset + 5 * stride + 2 * LANES);
        c53.intoArray(dst, offset + 5 * stride + 3 * LANES);
    }

    /** {@link Block#NARROW}, unrolled by hand so the accumulators stay in registers. */
    private void narrow(double[] x, int x0, int in, double[] packed, int base, double[] dst, int offset, int stride) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector c00 = zero, c01 = zero, c02 = zero;
        DoubleVector c10 = zero, c11 = zero, c12 = zero;
        DoubleVector c20 = zero, c21 = zero, c22 = zero;
        DoubleVector c30 = zero, c31 = zero, c32 = zero;
        for (int k = 0; k < in; k++) {
            int p = base + k * panel;
            DoubleVector w0 = DoubleVector.fromArray(SPECIES, packed, p);
            DoubleVector w1 = DoubleVector.fromArray(SPECIES, packed, p + LANES);
            DoubleVector w2 = DoubleVector.fromArray(SPECIES, packed, p + 2 * LANES);
            double a0 = x[x0 + k];
            c00 = c00.add(w0.mul(a0));
            c01 = c01.add(w1.mul(a0));
            c02 = c02.add(w2.mul(a0));
            double a1 = x[x0 + in + k];
            c10 = c10.add(w0.mul(a1));
            c11 = c11.add(w1.mul(a1));
            c12 = c12.add(w2.mul(a1));
            double a2 = x[x0 + 2 * in + k];
            c20 = c20.add(w0.mul(a2));
            c21 = c21.add(w1.mul(a2));
            c22 = c22.add(w2.mul(a2));
            double a3 = x[x0 + 3 * in + k];
            c30 = c30.add(w0.mul(a3));
            c31 = c31.add(w1.mul(a3));
            c32 = c32.add(w2.mul(a3));
        }
        c00.intoArray(dst, offset);
        c01.intoArray(dst, offset + LANES);
        c02.intoArray(dst, offset + 2 * LANES);
        c10.intoArray(dst, offset + stride);
        c11.intoArray(dst, offset + stride + LANES);
        c12.intoArray(dst, offset + stride + 2 * LANES);
        c20.intoArray(dst, offset + 2 * stride);
        c21.intoArray(dst, offset + 2 * stride + LANES);
        c22.intoArray(dst, offset + 2 * stride + 2 * LANES);
        c30.intoArray(dst, offset + 3 * stride);
        c31.intoArray(dst, offset + 3 * stride + LANES);
        c32.intoArray(dst, offset + 3 * stride + 2 * LANES);
    }

    /**
     * Four vectors of y at a time with their sums in registers (adding each term into y in memory instead chained
     * every k through a store and a load), then three (a {@link Block#NARROW} panel), then one vector at a time, then
     * the last columns one by one.
     */
    @Override
    public void rowTimes(double[] x, int xOff, int in, double[] w, int wOff, int wStride, double[] y, int yOff,
                         int n) {
        int j = 0;
        for (; j + 4 * LANES <= n; j += 4 * LANES) {
            DoubleVector zero = DoubleVector.zero(SPECIES);
            DoubleVector s0 = zero, s1 = zero, s2 = zero, s3 = zero;
            for (int k = 0, p = wOff + j; k < in; k++, p += wStride) {
                double a = x[xOff + k];
                s0 = s0.add(DoubleVector.fromArray(SPECIES, w, p).mul(a));
                s1 = s1.add(DoubleVector.fromArray(SPECIES, w, p + LANES).mul(a));
                s2 = s2.add(DoubleVector.fromArray(SPECIES, w, p + 2 * LANES).mul(a));
                s3 = s3.add(DoubleVector.fromArray(SPECIES, w, p + 3 * LANES).mul(a));
            }
            s0.intoArray(y, yOff + j);
            s1.intoArray(y, yOff + j + LANES);
            s2.intoArray(y, yOff + j + 2 * LANES);
            s3.intoArray(y, yOff + j + 3 * LANES);
        }
        for (; j + 3 * LANES <= n; j += 3 * LANES) {
            DoubleVector zero = DoubleVector.zero(SPECIES);
            DoubleVector s0 = zero, s1 = zero, s2 = zero;
            for (int k = 0, p = wOff + j; k < in; k++, p += wStride) {
                double a = x[xOff + k];
                s0 = s0.add(DoubleVector.fromArray(SPECIES, w, p).mul(a));
                s1 = s1.add(DoubleVector.fromArray(SPECIES, w, p + LANES).mul(a));
                s2 = s2.add(DoubleVector.fromArray(SPECIES, w, p + 2 * LANES).mul(a));
            }
            s0.intoArray(y, yOff + j);
            s1.intoArray(y, yOff + j + LANES);
            s2.intoArray(y, yOff + j + 2 * LANES);
        }
        for (; j + LANES <= n; j += LANES) {
            DoubleVector s = DoubleVector.zero(SPECIES);
            for (int k = 0, p = wOff + j; k < in; k++, p += wStride) {
                s = s.add(DoubleVector.fromArray(SPECIES, w, p).mul(x[xOff + k]));
            }
            s.intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            double s = 0;
            for (int k = 0, p = wOff + j; k < in; k++, p += wStride) {
                s += x[xOff + k] * w[p];
            }
            y[yOff + j] = s;
        }
    }

    @Override
    public int panel() {
        return panel;
    }

    @Override
    public int columnBlock() {
        return panel;
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize() + "-" + shape.rows + "x" + shape.vectors;
    }
}
