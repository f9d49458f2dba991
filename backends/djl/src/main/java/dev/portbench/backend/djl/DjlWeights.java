package dev.portbench.backend.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.TensorSpec;
import dev.portbench.scenarios.WeightLayout;
import dev.portbench.scenarios.onnx.Int8Quantised;

import java.util.HashMap;
import java.util.Map;

/**
 * The model's seeded weights as NDArrays on the device, in the precision the model runs in, as the ONNX export stores
 * them: matrices, biases and the embedding in the compute type, RMSNorm gains and the MoE routers in fp32 (the norms and the
 * routing are computed in fp32, as the export does); for {@code int8-wo}, the matrices the export quantises are held
 * as int8 with one fp32 scale per output column ({@link Int8Quantised}) and dequantised in each product.
 */
final class DjlWeights implements AutoCloseable {
    private final NDManager manager;
    private final DataType compute;
    private final Map<String, NDArray> tensors = new HashMap<>();
    private final Map<String, NDArray> scales = new HashMap<>();
    private long bytes;

    DjlWeights(ModelWeights weights, Dtype dtype, Device device) {
        this.manager = NDManager.newBaseManager(device);
        this.compute = computeType(dtype);
        try {
            for (TensorSpec t : weights.layout().tensors()) {
                float[] values = weights.get(t.name());
                Shape shape = new Shape(t.longShape());
                if (dtype == Dtype.INT8_WO && WeightLayout.isQuantisedInInt8(t)) {
                    Int8Quantised q = Int8Quantised.of(values, t.shape()[0], t.shape()[1]);
                    put(t.name(), manager.create(q.values(), shape).toType(DataType.INT8, false));
                    scales.put(t.name(), manager.create(q.scales(), new Shape(1, q.columns())));
                    bytes += q.scales().length * 4L;
                } else {
                    NDArray fp32 = manager.create(values, shape);
                    boolean gain = t.shape().length == 1 && !WeightLayout.isBias(t); // RMSNorm reads it in fp32
                    boolean full = gain || WeightLayout.keepsFullPrecision(t);
                    put(t.name(), full || compute == DataType.FLOAT32 ? fp32 : converted(fp32));
                }
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The arithmetic of the products: fp32 for fp32 and int8-wo (dequantised), else the dtype's own. */
    static DataType computeType(Dtype dtype) {
        return switch (dtype) {
            case FP32, INT8_WO -> DataType.FLOAT32;
            case FP16 -> DataType.FLOAT16;
            case BF16 -> DataType.BFLOAT16;
        };
    }

    private NDArray converted(NDArray fp32) {
        NDArray out = fp32.toType(compute, false);
        fp32.close();
        return out;
    }

    private void put(String name, NDArray array) {
        tensors.put(name, array);
        bytes += array.size() * array.getDataType().getNumOfBytes();
    }

    DataType compute() {
        return compute;
    }

    NDArray get(String name) {
        NDArray t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no weight tensor named '" + name + "'");
        }
        return t;
    }

    /** {@code x · W[name]}, W dequantised first where it is held in int8. */
    NDArray matMul(NDArray x, String name) {
        NDArray w = get(name);
        NDArray scale = scales.get(name);
        if (scale == null) {
            return x.matMul(w);
        }
        try (NDArray wide = w.toType(DataType.FLOAT32, false); NDArray dequantised = wide.mul(scale)) {
            return x.matMul(dequantised);
        }
    }

    /**
     * W[name] whole, in the compute type; a weight held in int8 is dequantised once into an fp32 copy that the
     * session keeps (an absorbed MLA regroups kv_b per head, which a fused dequantising product cannot do).
     */
    NDArray dequantised(String name) {
        NDArray scale = scales.get(name);
        if (scale == null) {
            return get(name);
        }
        String copy = name + "#dequantised";
        if (!tensors.containsKey(copy)) {
            try (NDArray wide = get(name).toType(DataType.FLOAT32, false)) {
                put(copy, wide.mul(scale)); // counted in the weights the session holds
            }
        }
        return tensors.get(copy);
    }

    long bytes() {
        return bytes;
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
