package dev.portbench.scenarios.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.portbench.scenarios.ModelIo;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.Rope;
import dev.portbench.scenarios.TensorSpec;
import dev.portbench.scenarios.WeightLayout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static dev.portbench.scenarios.onnx.OnnxGraphBuilder.attr;

/**
 * Writes a {@link ModelSpec} with its seeded weights as an ONNX prefill graph (opset 18): input {@code input_ids}
 * int64 [batch, seq], output {@code logits} float [batch, seq, vocab], and for MoE models one extra output per layer,
 * {@code router_topk_L} int64 [batch·seq, top_k], so routing can be compared across backends.
 *
 * <p>The MoE FFN dispatches: for each expert, NonZero finds the tokens routed to it, Gather takes their rows, the
 * expert's SwiGLU runs on those rows only, and ScatterND(reduction="add") adds the weighted result back. Compute
 * therefore follows the active parameters, not the total.
 */
public final class OnnxExporter {
    private final ModelSpec spec;
    private final ModelWeights weights;
    private final OnnxGraphBuilder g;

    private OnnxExporter(ModelWeights weights) {
        this.weights = weights;
        this.spec = weights.layout().spec();
        this.g = new OnnxGraphBuilder(spec.name());
    }

    /** Builds the model in memory. */
    public static ModelProto build(ModelWeights weights) {
        return new OnnxExporter(weights).buildModel();
    }

    /** Writes the model to {@code file} atomically (temp file, then move). */
    public static void export(ModelWeights weights, Path file) throws IOException {
        ModelProto model = build(weights);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                model.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private ModelProto buildModel() {
        for (TensorSpec t : weights.layout().tensors()) {
            g.floats(t.name(), t.shape(), weights.get(t.name()));
        }
        g.input(ModelIo.INPUT_IDS, TensorProto.DataType.INT64, "batch", "seq");

        String ids = ModelIo.INPUT_IDS;
        String seqLen = g.op("Slice", g.op("Shape", ids), g.longs(1), g.longs(2)); // [1]
        String zero = g.longs(0);
        String cos = g.op("Slice", ropeTable(false), zero, seqLen, zero); // [S, D]
        String sin = g.op("Slice", ropeTable(true), zero, seqLen, zero);
        String mask = causalMask(seqLen); // [S, S]

        String x = g.op("Gather", List.of(WeightLayout.embed(), ids), attr("axis", 0L)); // [B, S, H]
        for (int l = 0; l < spec.layers(); l++) {
            String attnOut = attention(l, rmsNorm(x, WeightLayout.attnNorm(l)), cos, sin, mask);
            x = g.op("Add", x, attnOut);
            String normed = rmsNorm(x, WeightLayout.ffnNorm(l));
            String ffnOut = spec.isMoe() ? moe(l, normed) : swiGlu(normed, WeightLayout.denseFfn(l));
            x = g.op("Add", x, ffnOut);
        }
        String logits = g.op("MatMul", rmsNorm(x, WeightLayout.finalNorm()), WeightLayout.lmHead());
        g.identity(logits, ModelIo.LOGITS);
        g.output(ModelIo.LOGITS, TensorProto.DataType.FLOAT, "batch", "seq", spec.vocabSize());
        if (spec.isMoe()) {
            for (int l = 0; l < spec.layers(); l++) {
                g.output(ModelIo.routerTopK(l), TensorProto.DataType.INT64, "tokens", spec.moe().topK());
            }
        }
        return g.model("0.1", "portbench " + spec.name() + " prefill; weights seed " + weights.seed());
    }

    private String ropeTable(boolean sine) {
        String name = sine ? "rope_sin" : "rope_cos";
        return g.floats(name, new int[] {spec.maxSeqLen(), spec.headDim()},
                Rope.table(spec.maxSeqLen(), spec.headDim(), spec.ropeTheta(), sine));
    }

    /** [S, S]: 0 on and below the diagonal, −∞ above it, built at run time for any S. */
    private String causalMask(String seqLen) {
        String shape = g.op("Concat", List.of(seqLen, seqLen), attr("axis", 0L));
        TensorProto minusInf = TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(1).addFloatData(Float.NEGATIVE_INFINITY).build();
        String full = g.op("ConstantOfShape", List.of(shape), attr("value", minusInf));
        return g.op("Trilu", List.of(full, g.scalar(1L)), attr("upper", 1L));
    }

    /** x · 1/√(mean(x²) + ε) · gain over the last axis. */
    private String rmsNorm(String x, String gain) {
        String meanSquare = g.op("ReduceMean", List.of(g.op("Mul", x, x), g.longs(-1)), attr("keepdims", 1L));
        String inv = g.op("Reciprocal", g.op("Sqrt", g.op("Add", meanSquare, g.scalar((float) spec.rmsNormEps()))));
        return g.op("Mul", g.op("Mul", x, inv), gain);
    }

    private String attention(int l, String a, String cos, String sin, String mask) {
        int d = spec.headDim();
        int kvHeads = spec.kvHeads();
        String q = heads(g.op("MatMul", a, WeightLayout.wq(l)), spec.heads()); // [B, H, S, D]
        String k = heads(g.op("MatMul", a, WeightLayout.wk(l)), kvHeads); // [B, KV, S, D]
        String v = heads(g.op("MatMul", a, WeightLayout.wv(l)), kvHeads);
        q = rope(q, cos, sin);
        k = rope(k, cos, sin);
        // Grouped-query attention by broadcasting: queries [B, KV, G, S, D] against keys [B, KV, 1, S, D].
        String q5 = g.op("Reshape", q, g.longs(0, kvHeads, spec.groupSize(), -1, d));
        String k5 = g.op("Unsqueeze", k, g.longs(2));
        String v5 = g.op("Unsqueeze", v, g.longs(2));
        String kT = g.op("Transpose", List.of(k5), attr("perm", new long[] {0, 1, 2, 4, 3}));
        String scores = g.op("Mul", g.op("MatMul", q5, kT), g.scalar((float) (1.0 / Math.sqrt(d))));
        String probs = g.op("Softmax", List.of(g.op("Add", scores, mask)), attr("axis", -1L));
        String o = g.op("MatMul", probs, v5); // [B, KV, G, S, D]
        o = g.op("Reshape", o, g.longs(0, spec.heads(), -1, d));
        o = g.op("Transpose", List.of(o), attr("perm", new long[] {0, 2, 1, 3}));
        o = g.op("Reshape", o, g.longs(0, 0, (long) spec.heads() * d));
        return g.op("MatMul", o, WeightLayout.wo(l));
    }

    /** [B, S, n·D] → [B, n, S, D]. */
    private String heads(String projected, int n) {
        String split = g.op("Reshape", projected, g.longs(0, 0, n, spec.headDim()));
        return g.op("Transpose", List.of(split), attr("perm", new long[] {0, 2, 1, 3}));
    }

    /** x·cos + rotate_half(x)·sin with rotate_half([x1, x2]) = [−x2, x1]. */
    private String rope(String x, String cos, String sin) {
        long half = spec.headDim() / 2;
        String[] halves = g.ops("Split", 2, List.of(x, g.longs(half, half)), attr("axis", -1L));
        String rotated = g.op("Concat", List.of(g.op("Neg", halves[1]), halves[0]), attr("axis", -1L));
        return g.op("Add", g.op("Mul", x, cos), g.op("Mul", rotated, sin));
    }

    /** (silu(x·W_gate) ⊙ x·W_up) · W_down. */
    private String swiGlu(String x, String prefix) {
        String gate = g.op("MatMul", x, prefix + ".w_gate");
        String up = g.op("MatMul", x, prefix + ".w_up");
        String silu = g.op("Mul", gate, g.op("Sigmoid", gate));
        return g.op("MatMul", g.op("Mul", silu, up), prefix + ".w_down");
    }

    private String moe(int l, String normed) {
        MoeSpec moe = spec.moe();
        String tokens = g.op("Reshape", normed, g.longs(-1, spec.hidden())); // [T, H]
        String probs = g.op("Softmax", List.of(g.op("MatMul", tokens, WeightLayout.router(l))), attr("axis", -1L));
        String[] top = g.ops("TopK", 2, List.of(probs, g.longs(moe.topK())),
                attr("axis", -1L), attr("largest", 1L), attr("sorted", 1L));
        String topIdx = top[1]; // [T, k]
        String topW = g.op("Div", top[0], g.op("ReduceSum", List.of(top[0], g.longs(-1)), attr("keepdims", 1L)));
        g.identity(topIdx, ModelIo.routerTopK(l));

        String acc = g.op("ConstantOfShape", g.op("Shape", tokens));
        for (int s = 0; s < moe.sharedExperts(); s++) {
            acc = g.op("Add", acc, swiGlu(tokens, WeightLayout.shared(l, s)));
        }
        String zeroF = g.scalar(0f);
        for (int e = 0; e < moe.experts(); e++) {
            String hit = g.op("Equal", topIdx, g.scalar((long) e)); // [T, k] bool
            String weight = g.op("ReduceSum", List.of(g.op("Where", hit, topW, zeroF), g.longs(-1)),
                    attr("keepdims", 0L)); // [T]
            String routed = g.op("ReduceMax", List.of(g.op("Cast", List.of(hit), attr("to", 1L)), g.longs(-1)),
                    attr("keepdims", 0L)); // [T], 1 where the token chose this expert
            String rows = g.op("NonZero", routed); // [1, n_e]
            String rowList = g.op("Reshape", rows, g.longs(-1)); // [n_e]
            String scatterIdx = g.op("Transpose", List.of(rows), attr("perm", new long[] {1, 0})); // [n_e, 1]
            String expertOut = swiGlu(g.op("Gather", List.of(tokens, rowList), attr("axis", 0L)),
                    WeightLayout.expert(l, e)); // [n_e, H]
            String rowWeight = g.op("Unsqueeze", g.op("Gather", List.of(weight, rowList), attr("axis", 0L)),
                    g.longs(1)); // [n_e, 1]
            acc = g.op("ScatterND", List.of(acc, scatterIdx, g.op("Mul", expertOut, rowWeight)),
                    attr("reduction", "add"));
        }
        return g.op("Reshape", acc, g.op("Shape", normed));
    }
}
