package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.TensorSpec;

import java.util.HashMap;
import java.util.Map;

/** The model's fp32 weights widened (exactly) to the doubles the reference kernels read. */
final class ReferenceWeights {
    private final Map<String, double[]> tensors = new HashMap<>();
    private final long bytes;

    ReferenceWeights(ModelWeights weights) {
        long total = 0;
        for (TensorSpec t : weights.layout().tensors()) {
            float[] src = weights.get(t.name());
            double[] dst = new double[src.length];
            for (int i = 0; i < src.length; i++) {
                dst[i] = src[i];
            }
            tensors.put(t.name(), dst);
            total += (long) dst.length * Double.BYTES;
        }
        this.bytes = total;
    }

    double[] get(String name) {
        double[] t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no weight tensor named '" + name + "'");
        }
        return t;
    }

    long bytes() {
        return bytes;
    }
}
