package dev.portbench.scenarios;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The precision a model is exported and run in. Every precision is measured against the same fp64 oracle computed from
 * the fp32 master weights, so the drift columns show what the precision costs.
 *
 * <ul>
 *   <li>{@code fp32}: weights and activations in IEEE single precision.</li>
 *   <li>{@code fp16}, {@code bf16}: weights, activations and KV cache in 16 bits; RMSNorm, the attention softmax and
 *       the whole MoE router in fp32, and the logits cast to fp32, as deployments in these precisions do.</li>
 *   <li>{@code int8-wo}: int8 weight-only quantisation of every projection (symmetric, one scale per output column,
 *       DequantizeLinear before MatMul); embedding, norms and router stay fp32; activations fp32.</li>
 * </ul>
 */
public enum Dtype {
    FP32("fp32"),
    FP16("fp16"),
    BF16("bf16"),
    INT8_WO("int8-wo");

    private final String id;

    Dtype(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Dtype fromId(String id) {
        for (Dtype d : values()) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        throw new SpecException("dtype", "dtype = '" + id + "'; expected one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Dtype::id).collect(Collectors.joining(", "));
    }

    /** True for fp16 and bf16, whose graphs compute in 16 bits. */
    public boolean isHalf() {
        return this == FP16 || this == BF16;
    }

    /**
     * Bytes the tensor occupies in this precision: 16-bit formats hold every tensor but the router in 2 bytes; int8-wo holds
     * quantised projections in 1 byte plus one fp32 scale per output column, everything else in fp32.
     */
    public long bytes(TensorSpec t) {
        return switch (this) {
            case FP32 -> t.size() * Float.BYTES;
            case FP16, BF16 -> t.size() * (WeightLayout.keepsFullPrecision(t) ? Float.BYTES : 2);
            case INT8_WO -> WeightLayout.isQuantisedInInt8(t)
                    ? t.size() + (long) t.shape()[1] * Float.BYTES
                    : t.size() * Float.BYTES;
        };
    }

    /** Bytes of all the layout's weights in this precision. */
    public long weightBytes(WeightLayout layout) {
        return layout.tensors().stream().mapToLong(this::bytes).sum();
    }
}
