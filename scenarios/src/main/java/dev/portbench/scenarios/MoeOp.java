package dev.portbench.scenarios;

import java.util.Locale;

/**
 * How the ONNX export writes an MoE layer's experts. {@link #LOOP}: portable standard ops, one NonZero/Gather/SwiGLU/
 * ScatterND chain per expert, which every execution provider can place. {@link #FUSED}: ONNX Runtime's
 * {@code com.microsoft.MoE} contrib op, one node that routes and runs every expert (its CPU kernel takes softmax top-k
 * routing only); where an execution provider lacks it, that node runs on the CPU, and the placement audit shows it.
 * The oracle and the fp32 reference compute the definition whichever is chosen.
 */
public enum MoeOp {
    LOOP, FUSED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MoeOp fromId(String id) {
        for (MoeOp op : values()) {
            if (op.id().equals(id)) {
                return op;
            }
        }
        throw new SpecException("moe.moe_op", "moe.moe_op = '" + id + "'; expected loop or fused");
    }
}
