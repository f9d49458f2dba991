package dev.portbench.scenarios.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.portbench.scenarios.CounterRng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A graph that measures a runtime's matrix-product rate on its own device: {@code Y = ((A·s)·B)·B … ·B} with
 * {@code chain} MatMuls of {@code size}×{@code size} matrices, reduced to one fp32 checksum. A and B are initializers
 * (they live on the device once the session is built, so no host-to-device copy is timed), {@code s} is the one graph
 * input (a scalar the runtime cannot constant-fold away), and the output is a single number (no large copy back).
 * Runtimes run MatMul through their vendor BLAS (cuBLAS on CUDA, the cube units on Ascend, MLAS on a CPU).
 *
 * <p>Entries are uniform in ±√(3/size), variance 1/size, so each product keeps the scale of its input and a long chain
 * neither overflows fp16 nor underflows.
 */
public final class GemmPeakModel {
    /** The graph's one input: a float scalar multiplying A. */
    public static final String SCALE_INPUT = "scale";
    /** The graph's one output: the sum of every element of the last product, as fp32. */
    public static final String CHECKSUM_OUTPUT = "checksum";

    private final int size;
    private final int chain;
    private final TensorProto.DataType type;
    private final long seed;

    /**
     * @param arithmetic {@code fp32}, {@code fp16} or {@code bf16}
     * @throws IllegalArgumentException for another arithmetic, a size below 1 or a chain below 1
     */
    public GemmPeakModel(String arithmetic, int size, int chain, long seed) {
        this.type = typeOf(arithmetic);
        if (size < 1 || chain < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "GEMM peak graph of size %d with a chain of %d; expected both 1 or more", size, chain));
        }
        this.size = size;
        this.chain = chain;
        this.seed = seed;
    }

    private static TensorProto.DataType typeOf(String arithmetic) {
        return switch (arithmetic) {
            case "fp32" -> TensorProto.DataType.FLOAT;
            case "fp16" -> TensorProto.DataType.FLOAT16;
            case "bf16" -> TensorProto.DataType.BFLOAT16;
            default -> throw new IllegalArgumentException("GEMM peak arithmetic '" + arithmetic
                    + "'; expected fp32, fp16 or bf16");
        };
    }

    /** The matrix products' floating-point operations per run: {@code chain · 2·size³} (the n² scale and sum aside). */
    public double flopsPerRun() {
        return chain * 2.0 * size * (double) size * size;
    }

    /** Matrix {@code "A"} or {@code "B"}, row-major, as fp32 values (before rounding to the graph's type). */
    public float[] matrix(String name) {
        CounterRng rng = new CounterRng(seed, "gemm-peak/" + name);
        float bound = (float) Math.sqrt(3.0 / size);
        float[] values = new float[size * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.uniformSymmetric(i) * bound;
        }
        return values;
    }

    public ModelProto build() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("portbench-gemm-peak");
        int[] shape = {size, size};
        String a = g.floats("A", shape, matrix("A"), type);
        String b = g.floats("B", shape, matrix("B"), type);
        g.input(SCALE_INPUT, TensorProto.DataType.FLOAT, 1);
        String scale = type == TensorProto.DataType.FLOAT ? SCALE_INPUT
                : g.op("Cast", List.of(SCALE_INPUT), OnnxGraphBuilder.attr("to", type.getNumber()));
        String y = g.op("Mul", a, scale);
        for (int i = 0; i < chain; i++) {
            y = g.op("MatMul", y, b);
        }
        String sum = g.op("ReduceSum", List.of(y), OnnxGraphBuilder.attr("keepdims", 0L));
        String out = type == TensorProto.DataType.FLOAT ? sum
                : g.op("Cast", List.of(sum), OnnxGraphBuilder.attr("to", TensorProto.DataType.FLOAT.getNumber()));
        g.identity(out, CHECKSUM_OUTPUT);
        g.output(CHECKSUM_OUTPUT, TensorProto.DataType.FLOAT);
        return g.model("gemm-peak", String.format(Locale.ROOT, "%d x MatMul %dx%d in %s", chain, size, size,
                type.name()));
    }

    /** Writes the model to {@code file} (whole: replaced atomically). */
    public void write(Path file) throws IOException {
        ModelFile.write(build(), file);
    }
}
