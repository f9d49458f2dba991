package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.TensorSpec;
import dev.portbench.scenarios.WeightLayout;

import java.util.HashMap;
import java.util.Map;

/**
 * The model's fp32 weights widened (exactly) to the doubles the reference kernels read: every matrix a product reads
 * (each 2-D tensor but the embedding table, a lookup) packed once for the products ({@link PackedMatrix}), every other
 * tensor as a plain array. Each value is held once.
 */
final class ReferenceWeights {
    private final Map<String, double[]> arrays = new HashMap<>();
    private final Map<String, PackedMatrix> matrices = new HashMap<>();
    private final long bytes;

    /** Matrices packed for this JVM's fp64 products; the fp32 ones read any packing. */
    ReferenceWeights(ModelWeights weights) {
        this(weights, Kernels.fastestProduct(Precision.FP64).panel());
    }

    /** @param panel the panel width matrices are packed in ({@link Kernels#panel()}) */
    ReferenceWeights(ModelWeights weights, int panel) {
        long total = 0;
        for (TensorSpec t : weights.layout().tensors()) {
            float[] src = weights.get(t.name());
            int[] shape = t.shape();
            if (isMatrix(t)) {
                PackedMatrix m = PackedMatrix.of(src, shape[0], shape[1], panel);
                matrices.put(t.name(), m);
                total += m.bytes();
            } else {
                double[] dst = new double[src.length];
                for (int i = 0; i < src.length; i++) {
                    dst[i] = src[i];
                }
                arrays.put(t.name(), dst);
                total += (long) dst.length * Double.BYTES;
            }
        }
        this.bytes = total;
    }

    private static boolean isMatrix(TensorSpec t) {
        return t.shape().length == 2 && !t.name().equals(WeightLayout.embed());
    }

    /** A tensor that is not a matrix a product reads: a norm's gain, a bias, the embedding table. */
    double[] get(String name) {
        double[] t = arrays.get(name);
        if (t == null) {
            throw new IllegalArgumentException(matrices.containsKey(name)
                    ? "weight tensor '" + name + "' is a matrix, packed for the products: read it with matrix()"
                    : "no weight tensor named '" + name + "'");
        }
        return t;
    }

    /** A matrix [in, out] the products read, packed. */
    PackedMatrix matrix(String name) {
        PackedMatrix m = matrices.get(name);
        if (m == null) {
            throw new IllegalArgumentException(arrays.containsKey(name)
                    ? "weight tensor '" + name + "' is not a matrix a product reads: read it with get()"
                    : "no weight tensor named '" + name + "'");
        }
        return m;
    }

    /** What the widened and packed weights hold, padding included. */
    long bytes() {
        return bytes;
    }
}
