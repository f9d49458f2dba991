package dev.portbench.scenarios.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.KvCacheShape;
import dev.portbench.scenarios.LogitPositions;
import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.ModelIo;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.MoeOp;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.Rope;
import dev.portbench.scenarios.RouterSpec;
import dev.portbench.scenarios.TensorSpec;
import dev.portbench.scenarios.WeightLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.portbench.scenarios.onnx.OnnxGraphBuilder.attr;

/**
 * Writes a {@link ModelSpec} with its seeded weights as an ONNX graph (opset 18) in one {@link Dtype}.
 *
 * <p>Prefill graph: input {@code input_ids} int64 [batch, seq], output {@code logits} float [batch, seq, vocab], and
 * for MoE models {@code router_topk_L} int64 [batch·seq, top_k] per layer, so routing can be compared across backends.
 * Decode graph: the same plus, per layer, {@code past_key_L}/{@code past_value_L} inputs [batch, kv_heads, past,
 * head_dim] and {@code present_key_L}/{@code present_value_L} outputs [batch, kv_heads, past + seq, head_dim]. Keys are
 * cached after RoPE; positions continue from {@code past}. With an empty past (0 positions) the decode graph runs the
 * prompt, so one loaded graph serves time-to-first-token and every later step.
 *
 * <p>fp16/bf16 graphs compute in 16 bits but keep RMSNorm, the attention softmax and the router softmax in fp32 and
 * cast the logits to fp32; every precision keeps the MoE router in fp32; int8-wo graphs dequantise each projection (DequantizeLinear, per output column) before its
 * MatMul. The MoE FFN dispatches: per expert, NonZero finds its tokens, Gather takes their rows, the expert's SwiGLU
 * runs on those only, and ScatterND(reduction="add") adds the weighted result back, so compute follows the active
 * parameters, not the total. With {@code moe_op: fused} the routed experts are one ONNX Runtime {@code com.microsoft.MoE}
 * node instead (docs/model.md).
 */
public final class OnnxExporter {
    /** Models whose weights pass this size keep them in an external data file: protobuf cannot exceed 2 GiB. */
    public static final long INLINE_LIMIT_BYTES = 1L << 30;

    private final ModelSpec spec;
    private final ModelWeights weights;
    private final Dtype dtype;
    private final Phase phase;
    private final LogitPositions logits;
    private final DataType compute;
    private final OnnxGraphBuilder g;
    private final Map<String, String> dequantised = new HashMap<>();

    private OnnxExporter(ModelWeights weights, Dtype dtype, Phase phase, LogitPositions logits, TensorStore store) {
        this.weights = weights;
        this.spec = weights.layout().spec();
        this.dtype = dtype;
        this.phase = phase;
        this.logits = logits;
        this.compute = switch (dtype) {
            case FP16 -> DataType.FLOAT16;
            case BF16 -> DataType.BFLOAT16;
            case FP32, INT8_WO -> DataType.FLOAT;
        };
        this.g = new OnnxGraphBuilder(spec.name(), store);
    }

    /** The fp32 prefill graph, in memory. */
    public static ModelProto build(ModelWeights weights) {
        return build(weights, Dtype.FP32, Phase.PREFILL);
    }

    /** A graph in memory, weights inline. */
    public static ModelProto build(ModelWeights weights, Dtype dtype, Phase phase) {
        return new OnnxExporter(weights, dtype, phase, LogitPositions.ALL, TensorStore.inline()).buildModel();
    }

    /** Writes the fp32 prefill graph to {@code file}. */
    public static void export(ModelWeights weights, Path file) throws IOException {
        export(weights, Dtype.FP32, Phase.PREFILL, file);
    }

    /**
     * Writes the graph to {@code file} atomically (temp file, then move). Weights past {@link #INLINE_LIMIT_BYTES} go to
     * {@code FILE.data} beside it.
     */
    public static void export(ModelWeights weights, Dtype dtype, Phase phase, Path file) throws IOException {
        export(weights, dtype, phase, LogitPositions.ALL, file);
    }

    /** As {@link #export(ModelWeights, Dtype, Phase, Path)}, with the logits of every position or the last only. */
    public static void export(ModelWeights weights, Dtype dtype, Phase phase, LogitPositions logits, Path file)
            throws IOException {
        export(weights, dtype, phase, logits, file, dtype.weightBytes(weights.layout()) > INLINE_LIMIT_BYTES);
    }

    /**
     * Writes the last-position variant of the graph already exported to {@code accuracyGraph} (same weights, dtype and
     * phase) to {@code file}. Where that graph keeps its weights in an external data file, this one refers to the same
     * file instead of writing the weights again: on a lab-sized model that is tens of gigabytes per graph.
     */
    public static void exportLastLogits(ModelWeights weights, Dtype dtype, Phase phase, Path file, Path accuracyGraph)
            throws IOException {
        Path shared = externalDataFile(accuracyGraph);
        if (!Files.exists(shared)) {
            export(weights, dtype, phase, LogitPositions.LAST, file, false);
            return;
        }
        if (!file.toAbsolutePath().getParent().equals(accuracyGraph.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException(file + " and " + accuracyGraph + " are in different folders; a graph"
                    + " finds its external data beside it, so they must share one");
        }
        Files.deleteIfExists(externalDataFile(file));
        ModelProto model;
        try (TensorStore store = TensorStore.referencing(shared, shared.getFileName().toString())) {
            model = new OnnxExporter(weights, dtype, phase, LogitPositions.LAST, store).buildModel();
        }
        ModelFile.write(model, file);
    }

    /** As {@link #export(ModelWeights, Dtype, Phase, Path)}, choosing external data explicitly. */
    public static void export(ModelWeights weights, Dtype dtype, Phase phase, Path file, boolean externalData)
            throws IOException {
        export(weights, dtype, phase, LogitPositions.ALL, file, externalData);
    }

    private static void export(ModelWeights weights, Dtype dtype, Phase phase, LogitPositions logits, Path file,
                               boolean externalData) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path dataFile = externalDataFile(file);
        Files.deleteIfExists(dataFile);
        ModelProto model;
        try (TensorStore store = externalData
                ? TensorStore.external(dataFile, dataFile.getFileName().toString()) : TensorStore.inline()) {
            model = new OnnxExporter(weights, dtype, phase, logits, store).buildModel();
        }
        ModelFile.write(model, file);
    }

    /** Where a model's external weights live: {@code NAME.onnx.data} beside it. */
    public static Path externalDataFile(Path model) {
        return model.resolveSibling(model.getFileName() + ".data");
    }

    private ModelProto buildModel() {
        for (TensorSpec t : weights.layout().tensors()) {
            addWeight(t);
        }
        g.input(ModelIo.INPUT_IDS, DataType.INT64, "batch", "seq");
        boolean decode = phase == Phase.DECODE;
        if (decode) {
            KvCacheShape cache = spec.kvCacheShape();
            for (int l = 0; l < spec.layers(); l++) {
                g.input(ModelIo.pastKey(l), compute, "batch", cache.heads(), "past", cache.keyWidth());
                g.input(ModelIo.pastValue(l), compute, "batch", cache.heads(), "past", cache.valueWidth());
            }
        }

        String ids = ModelIo.INPUT_IDS;
        String zero = g.longs(0);
        String seqLen = g.op("Slice", g.op("Shape", ids), g.longs(1), g.longs(2)); // [1]
        String pastLen = decode
                ? g.op("Slice", g.op("Shape", ModelIo.pastKey(0)), g.longs(2), g.longs(3)) // [1]
                : zero;
        String totalLen = decode ? g.op("Add", pastLen, seqLen) : seqLen;
        String cos = g.op("Slice", ropeTable(false), pastLen, totalLen, zero); // [S, R], positions past..past+S-1
        String sin = g.op("Slice", ropeTable(true), pastLen, totalLen, zero);
        String mask = causalMask(seqLen, totalLen, pastLen); // [S, past + S]

        String x = g.op("Gather", List.of(WeightLayout.embed(), ids), attr("axis", 0L)); // [B, S, H]
        for (int l = 0; l < spec.layers(); l++) {
            String a = rmsNorm(x, WeightLayout.attnNorm(l));
            String attnOut = spec.isMla() ? latentAttention(l, a, cos, sin, mask, decode)
                    : attention(l, a, cos, sin, mask, decode);
            x = g.op("Add", x, attnOut);
            String normed = rmsNorm(x, WeightLayout.ffnNorm(l));
            String ffnOut = spec.isMoeLayer(l) ? moe(l, normed) : swiGlu(normed, WeightLayout.denseFfn(l));
            x = g.op("Add", x, ffnOut);
        }
        if (logits == LogitPositions.LAST) { // each sequence's last position: [B, 1, H] (a decode step's only one)
            x = g.op("Gather", List.of(x, g.op("Sub", seqLen, g.longs(1))), attr("axis", 1L));
        }
        String out = toFloat(g.op("MatMul", rmsNorm(x, WeightLayout.finalNorm()), weight(WeightLayout.lmHead())));
        g.identity(out, ModelIo.LOGITS);
        if (logits == LogitPositions.LAST) {
            g.output(ModelIo.LOGITS, DataType.FLOAT, "batch", 1, spec.vocabSize());
        } else {
            g.output(ModelIo.LOGITS, DataType.FLOAT, "batch", "seq", spec.vocabSize());
        }
        for (int l : spec.moeLayers()) {
            g.output(ModelIo.routerTopK(l), DataType.INT64, "tokens", spec.moe().topK());
        }
        if (decode) {
            KvCacheShape cache = spec.kvCacheShape();
            for (int l = 0; l < spec.layers(); l++) {
                g.output(ModelIo.presentKey(l), compute, "batch", cache.heads(), "total", cache.keyWidth());
                g.output(ModelIo.presentValue(l), compute, "batch", cache.heads(), "total", cache.valueWidth());
            }
        }
        return g.model("0.2", "portbench " + spec.name() + " " + phase.id()
                + (logits == LogitPositions.LAST ? " graph (last position's logits)" : " graph") + " in " + dtype.id()
                + "; weights seed " + weights.seed());
    }

    /** Stores one weight in the graph's precision; int8-wo projections as int8 values plus per-column scales. */
    private void addWeight(TensorSpec t) {
        float[] values = weights.generateOnce(t.name());
        if (dtype == Dtype.INT8_WO && WeightLayout.isQuantisedInInt8(t)) {
            Int8Quantised q = Int8Quantised.of(values, t.shape()[0], t.shape()[1]);
            g.int8(t.name() + ".q", t.shape(), q.values());
            g.floats(t.name() + ".scale", new int[] {t.shape()[1]}, q.scales());
        } else {
            g.floats(t.name(), t.shape(), values, WeightLayout.keepsFullPrecision(t) ? DataType.FLOAT : compute);
        }
    }

    /** The graph value to use for a weight: the initializer itself, or its DequantizeLinear output for int8-wo. */
    private String weight(String name) {
        if (dtype != Dtype.INT8_WO || !WeightLayout.isQuantisedInInt8(weights.layout().tensor(name))) {
            return name;
        }
        return dequantised.computeIfAbsent(name, n -> g.op("DequantizeLinear",
                List.of(n + ".q", n + ".scale"), attr("axis", 1L)));
    }

    private String toFloat(String x) {
        return compute == DataType.FLOAT ? x : g.op("Cast", List.of(x), attr("to", (long) DataType.FLOAT.getNumber()));
    }

    private String toCompute(String x) {
        return compute == DataType.FLOAT ? x : g.op("Cast", List.of(x), attr("to", (long) compute.getNumber()));
    }

    private String ropeTable(boolean sine) {
        String name = sine ? "rope_sin" : "rope_cos";
        return g.floats(name, new int[] {spec.maxSeqLen(), spec.ropeDim()},
                Rope.of(spec).table(spec.maxSeqLen(), sine), compute);
    }

    /**
     * fp32 [S, past + S]: 0 where query i (at position past + i) may see key j, i.e. j ≤ past + i, and −∞ above that
     * diagonal; built at run time for any S and past.
     */
    private String causalMask(String seqLen, String totalLen, String pastLen) {
        String shape = g.op("Concat", List.of(seqLen, totalLen), attr("axis", 0L));
        TensorProto minusInf = TensorProto.newBuilder().setDataType(DataType.FLOAT.getNumber())
                .addDims(1).addFloatData(Float.NEGATIVE_INFINITY).build();
        String full = g.op("ConstantOfShape", List.of(shape), attr("value", minusInf));
        String diagonal = g.op("Squeeze", g.op("Add", pastLen, g.longs(1)), g.longs(0)); // scalar past + 1
        return g.op("Trilu", List.of(full, diagonal), attr("upper", 1L));
    }

    /** x · 1/√(mean(x²) + ε) · gain over the last axis, in fp32 whatever the graph's precision. */
    private String rmsNorm(String x, String gain) {
        return rmsNorm(x, gain, spec.rmsNormEps());
    }

    private String rmsNorm(String x, String gain, double eps) {
        String xf = toFloat(x);
        String meanSquare = g.op("ReduceMean", List.of(g.op("Mul", xf, xf), g.longs(-1)), attr("keepdims", 1L));
        String inv = g.op("Reciprocal", g.op("Sqrt", g.op("Add", meanSquare, g.scalar((float) eps))));
        return toCompute(g.op("Mul", g.op("Mul", xf, inv), toFloat(gain)));
    }

    private String attention(int l, String a, String cos, String sin, String mask, boolean decode) {
        int d = spec.headDim();
        int kvHeads = spec.kvHeads();
        String q = heads(projection(a, WeightLayout.wq(l), WeightLayout.bq(l)), spec.heads()); // [B, H, S, D]
        String k = heads(projection(a, WeightLayout.wk(l), WeightLayout.bk(l)), kvHeads); // [B, KV, S, D]
        String v = heads(projection(a, WeightLayout.wv(l), WeightLayout.bv(l)), kvHeads);
        if (spec.qkNorm()) { // each head's queries and keys over head_dim, the last axis
            q = rmsNorm(q, weight(WeightLayout.qNorm(l)));
            k = rmsNorm(k, weight(WeightLayout.kNorm(l)));
        }
        q = rope(q, cos, sin);
        k = rope(k, cos, sin);
        if (decode) { // keys and values of every position so far: [B, KV, past + S, D]
            k = g.op("Concat", List.of(ModelIo.pastKey(l), k), attr("axis", 2L));
            v = g.op("Concat", List.of(ModelIo.pastValue(l), v), attr("axis", 2L));
            g.identity(k, ModelIo.presentKey(l));
            g.identity(v, ModelIo.presentValue(l));
        }
        // Grouped-query attention by broadcasting: queries [B, KV, G, S, D] against keys [B, KV, 1, T, D].
        String q5 = g.op("Reshape", q, g.longs(0, kvHeads, spec.groupSize(), -1, d));
        String k5 = g.op("Unsqueeze", k, g.longs(2));
        String v5 = g.op("Unsqueeze", v, g.longs(2));
        String kT = g.op("Transpose", List.of(k5), attr("perm", new long[] {0, 1, 2, 4, 3}));
        String scores = g.op("Mul", toFloat(g.op("MatMul", q5, kT)), g.scalar((float) spec.attentionScale()));
        String probs = toCompute(g.op("Softmax", List.of(g.op("Add", scores, mask)), attr("axis", -1L)));
        String o = g.op("MatMul", probs, v5); // [B, KV, G, S, D]
        o = g.op("Reshape", o, g.longs(0, spec.heads(), -1, d));
        o = g.op("Transpose", List.of(o), attr("perm", new long[] {0, 2, 1, 3}));
        o = g.op("Reshape", o, g.longs(0, 0, (long) spec.heads() * d));
        return g.op("MatMul", o, weight(WeightLayout.wo(l)));
    }

    /**
     * Multi-head latent attention (docs/model.md): the cache holds the normed latent [B, 1, T, rank] and the rotated
     * shared key [B, 1, T, rope]. Naive form: every pass decompresses all T latents into each head's k_nope and v.
     * Absorbed form: kv_b's key half is folded into the queries and its value half applied after the weighted sum.
     */
    private String latentAttention(int l, String a, String cos, String sin, String mask, boolean decode) {
        MlaSpec mla = spec.mla();
        int heads = spec.heads();
        long nope = mla.qkNopeHeadDim();
        long ropeDim = mla.qkRopeHeadDim();
        long rank = mla.kvLoraRank();
        long vDim = mla.vHeadDim();
        String qFlat = mla.hasQueryLora()
                ? g.op("MatMul", rmsNorm(g.op("MatMul", a, weight(WeightLayout.wqA(l))),
                        weight(WeightLayout.qANorm(l)), MlaSpec.LATENT_NORM_EPS), weight(WeightLayout.wqB(l)))
                : g.op("MatMul", a, weight(WeightLayout.wq(l)));
        String q = heads(qFlat, heads, mla.qkHeadDim()); // [B, H, S, nope + rope]
        String[] qParts = g.ops("Split", 2, List.of(q, g.longs(nope, ropeDim)), attr("axis", -1L));
        String qRope = rope(qParts[1], cos, sin);

        String down = g.op("MatMul", a, weight(WeightLayout.wkvA(l))); // [B, S, rank + rope]
        String[] downParts = g.ops("Split", 2, List.of(down, g.longs(rank, ropeDim)), attr("axis", -1L));
        String latent = g.op("Unsqueeze", rmsNorm(downParts[0], weight(WeightLayout.kvANorm(l)),
                MlaSpec.LATENT_NORM_EPS), g.longs(1)); // [B, 1, S, rank]
        String ropeKey = rope(g.op("Unsqueeze", downParts[1], g.longs(1)), cos, sin); // [B, 1, S, rope]
        if (decode) { // every position so far: [B, 1, past + S, ·]
            latent = g.op("Concat", List.of(ModelIo.pastKey(l), latent), attr("axis", 2L));
            ropeKey = g.op("Concat", List.of(ModelIo.pastValue(l), ropeKey), attr("axis", 2L));
            g.identity(latent, ModelIo.presentKey(l));
            g.identity(ropeKey, ModelIo.presentValue(l));
        }
        String ropeKeyT = g.op("Transpose", List.of(ropeKey), attr("perm", new long[] {0, 1, 3, 2})); // broadcast over H
        String ropeDots = toFloat(g.op("MatMul", qRope, ropeKeyT)); // [B, H, S, T]
        String o = mla.absorbed() ? absorbedHeads(l, qParts[0], ropeDots, latent, mask)
                : naiveHeads(l, qParts[0], ropeDots, latent, mask); // [B, H, S, v]
        o = g.op("Transpose", List.of(o), attr("perm", new long[] {0, 2, 1, 3}));
        o = g.op("Reshape", o, g.longs(0, 0, heads * vDim));
        return g.op("MatMul", o, weight(WeightLayout.wo(l)));
    }

    /** Naive MLA: each head's k_nope and v from every position's latent, then attention as usual. */
    private String naiveHeads(int l, String qNope, String ropeDots, String latent, String mask) {
        MlaSpec mla = spec.mla();
        long nope = mla.qkNopeHeadDim();
        long vDim = mla.vHeadDim();
        String kv = g.op("MatMul", g.op("Squeeze", latent, g.longs(1)), weight(WeightLayout.wkvB(l)));
        String kvHeads = heads(kv, spec.heads(), (int) (nope + vDim)); // [B, H, T, nope + v]
        String[] kvParts = g.ops("Split", 2, List.of(kvHeads, g.longs(nope, vDim)), attr("axis", -1L));
        String kNopeT = g.op("Transpose", List.of(kvParts[0]), attr("perm", new long[] {0, 1, 3, 2}));
        String dots = g.op("Add", toFloat(g.op("MatMul", qNope, kNopeT)), ropeDots);
        return g.op("MatMul", latentProbs(dots, mask), kvParts[1]);
    }

    /**
     * Absorbed MLA: W_UK [H, nope, rank] and W_UV [H, rank, v] are kv_b regrouped per head (constant-folded by the
     * runtime); queries move into the latent space, attention reads the latents directly, values come out after.
     */
    private String absorbedHeads(int l, String qNope, String ropeDots, String latent, String mask) {
        MlaSpec mla = spec.mla();
        long nope = mla.qkNopeHeadDim();
        long vDim = mla.vHeadDim();
        String perHead = g.op("Reshape", weight(WeightLayout.wkvB(l)),
                g.longs(mla.kvLoraRank(), spec.heads(), nope + vDim)); // [rank, H, nope + v]
        String[] halves = g.ops("Split", 2, List.of(perHead, g.longs(nope, vDim)), attr("axis", -1L));
        String keyUp = g.op("Transpose", List.of(halves[0]), attr("perm", new long[] {1, 2, 0})); // [H, nope, rank]
        String valueUp = g.op("Transpose", List.of(halves[1]), attr("perm", new long[] {1, 0, 2})); // [H, rank, v]
        String queryLatent = g.op("MatMul", qNope, keyUp); // [B, H, S, rank]
        String latentT = g.op("Transpose", List.of(latent), attr("perm", new long[] {0, 1, 3, 2})); // [B, 1, rank, T]
        String dots = g.op("Add", toFloat(g.op("MatMul", queryLatent, latentT)), ropeDots);
        String outLatent = g.op("MatMul", latentProbs(dots, mask), latent); // [B, H, S, rank]
        return g.op("MatMul", outLatent, valueUp);
    }

    /** Scaled, masked softmax over the keys in fp32, back in the graph's precision. */
    private String latentProbs(String dots, String mask) {
        String scores = g.op("Mul", dots, g.scalar((float) spec.attentionScale()));
        return toCompute(g.op("Softmax", List.of(g.op("Add", scores, mask)), attr("axis", -1L)));
    }

    /** a · W, plus the bias where the model has q/k/v biases. */
    private String projection(String a, String w, String bias) {
        String y = g.op("MatMul", a, weight(w));
        return spec.qkvBias() ? g.op("Add", y, weight(bias)) : y;
    }

    /** [B, S, n·D] → [B, n, S, D]. */
    private String heads(String projected, int n) {
        return heads(projected, n, spec.headDim());
    }

    private String heads(String projected, int n, int width) {
        String split = g.op("Reshape", projected, g.longs(0, 0, n, width));
        return g.op("Transpose", List.of(split), attr("perm", new long[] {0, 2, 1, 3}));
    }

    /** x·cos + rotate_half(x)·sin with rotate_half([x1, x2]) = [−x2, x1], over the last axis of width rope_dim. */
    private String rope(String x, String cos, String sin) {
        long half = spec.ropeDim() / 2;
        String[] halves = g.ops("Split", 2, List.of(x, g.longs(half, half)), attr("axis", -1L));
        String rotated = g.op("Concat", List.of(g.op("Neg", halves[1]), halves[0]), attr("axis", -1L));
        return g.op("Add", g.op("Mul", x, cos), g.op("Mul", rotated, sin));
    }

    /** (silu(x·W_gate) ⊙ x·W_up) · W_down. */
    private String swiGlu(String x, String prefix) {
        String gate = g.op("MatMul", x, weight(prefix + ".w_gate"));
        String up = g.op("MatMul", x, weight(prefix + ".w_up"));
        String silu = g.op("Mul", gate, g.op("Sigmoid", gate));
        return g.op("MatMul", g.op("Mul", silu, up), weight(prefix + ".w_down"));
    }

    /**
     * The router of docs/model.md in fp32: scores, the choice (plus the correction bias, outside the best groups
     * −∞), TopK of the choice (ties: lower index first, as the reference), weights gathered from the scores,
     * renormalised and scaled. Returns the top-k indices and weights, [T, k] each.
     */
    private String[] router(int l, String logits) {
        MoeSpec moe = spec.moe();
        RouterSpec r = moe.router();
        String scores = r.scoring() == RouterSpec.Scoring.SOFTMAX
                ? g.op("Softmax", List.of(logits), attr("axis", -1L)) : g.op("Sigmoid", logits);
        String choice = r.correctionBias() ? g.op("Add", scores, WeightLayout.routerBias(l)) : scores;
        if (r.grouped()) {
            choice = bestGroupsOnly(l, choice, moe, r);
        }
        String[] top = g.ops("TopK", 2, List.of(choice, g.longs(moe.topK())),
                attr("axis", -1L), attr("largest", 1L), attr("sorted", 1L));
        String weights = choice.equals(scores) ? top[0]
                : g.op("GatherElements", List.of(scores, top[1]), attr("axis", 1L));
        if (r.normTopK()) {
            weights = g.op("Div", weights, g.op("ReduceSum", List.of(weights, g.longs(-1)), attr("keepdims", 1L)));
        }
        if (r.routedScaling() != 1.0) {
            weights = g.op("Mul", weights, g.scalar((float) r.routedScaling()));
        }
        return new String[] {top[1], weights};
    }

    /**
     * The choice with every expert outside the topk_group best groups at −∞: groups scored by their best expert, or
     * with the correction bias by the sum of their two best; a one-hot sum of TopK's group indices is the mask.
     */
    private String bestGroupsOnly(int l, String choice, MoeSpec moe, RouterSpec r) {
        long groups = r.groups();
        long size = moe.expertsPerGroup();
        String grouped = g.op("Reshape", choice, g.longs(-1, groups, size)); // [T, G, E/G]
        String groupScore = r.correctionBias()
                ? g.op("ReduceSum", List.of(g.ops("TopK", 2, List.of(grouped, g.longs(2)), attr("axis", -1L),
                        attr("largest", 1L), attr("sorted", 1L))[0], g.longs(-1)), attr("keepdims", 0L))
                : g.op("ReduceMax", List.of(grouped, g.longs(-1)), attr("keepdims", 0L)); // [T, G]
        String best = g.ops("TopK", 2, List.of(groupScore, g.longs(r.topkGroups())), attr("axis", -1L),
                attr("largest", 1L), attr("sorted", 1L))[1]; // [T, kg]
        String offOn = g.floats("layers." + l + ".group_one_hot", new int[] {2}, new float[] {0f, 1f});
        String oneHot = g.op("OneHot", List.of(best, g.longs(groups), offOn), attr("axis", -1L)); // [T, kg, G]
        String keep = g.op("Unsqueeze", g.op("ReduceSum", List.of(oneHot, g.longs(1)), attr("keepdims", 0L)),
                g.longs(-1)); // [T, G, 1]
        String minusInf = g.scalar(Float.NEGATIVE_INFINITY);
        String masked = g.op("Where", List.of(g.op("Greater", keep, g.scalar(0f)), grouped, minusInf));
        return g.op("Reshape", masked, g.longs(-1, (long) moe.experts()));
    }

    private String moe(int l, String normed) {
        MoeSpec moe = spec.moe();
        String tokens = g.op("Reshape", normed, g.longs(-1, spec.hidden())); // [T, H]
        // The router stays fp32 in every precision (stored so, see WeightLayout.keepsFullPrecision): a near-tie
        // between experts flipped by rounding sends a token to different experts, which no later step can undo.
        String routerLogits = g.op("MatMul", toFloat(tokens), WeightLayout.router(l));
        String acc = moe.op() == MoeOp.FUSED ? fusedExperts(l, tokens, routerLogits)
                : expertLoop(l, tokens, routerLogits); // fp32 [T, H]
        for (int s = 0; s < moe.sharedExperts(); s++) {
            acc = g.op("Add", acc, toFloat(swiGlu(tokens, WeightLayout.shared(l, s))));
        }
        return toCompute(g.op("Reshape", acc, g.op("Shape", normed)));
    }

    /** The routed experts as standard ops, one chain per expert over the tokens that chose it; fp32 [T, H]. */
    private String expertLoop(int l, String tokens, String routerLogits) {
        String[] choice = router(l, routerLogits);
        String topIdx = choice[0]; // [T, k]
        String topW = choice[1];
        g.identity(topIdx, ModelIo.routerTopK(l));

        // The experts' weighted outputs are summed in fp32, as MoE kernels accumulate (and ORT's CPU ScatterND has no
        // fp16 add); the sum returns to the graph's precision at the end.
        String acc = g.op("ConstantOfShape", g.op("Shape", tokens)); // fp32 zeros
        String zeroF = g.scalar(0f);
        for (int e = 0; e < spec.moe().experts(); e++) {
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
            acc = g.op("ScatterND", List.of(acc, scatterIdx, g.op("Mul", toFloat(expertOut), rowWeight)),
                    attr("reduction", "add"));
        }
        return acc;
    }

    /**
     * The routed experts as one {@code com.microsoft.MoE} node, which routes by itself (softmax over the logits,
     * top-k, renormalised with norm_topk_prob; MoeSpec refuses other routers) and runs each expert's SwiGLU on its
     * tokens. Its inputs are in the graph's precision, the router logits included, as the kernel requires. The weights
     * are packed in the graph from the per-expert ones (the runtime folds the packing into constants at load):
     * fc1 [E, 2·I, H] with gate and up rows interleaved (swiglu_fusion = 1, the only layout its CPU kernel takes),
     * fc2 [E, H, I]. {@code router_topk_L} is TopK over the logits the kernel reads (in an fp16 graph, rounded to
     * fp16; softmax keeps their order), which names the experts it picks except on an exact tie, where TopK takes the
     * lower index and ORT's CPU kernel the higher. Returns fp32 [T, H].
     */
    private String fusedExperts(int l, String tokens, String routerLogits) {
        MoeSpec moe = spec.moe();
        String kernelLogits = toCompute(routerLogits);
        String topIdx = g.ops("TopK", 2, List.of(toFloat(kernelLogits), g.longs(moe.topK())),
                attr("axis", -1L), attr("largest", 1L), attr("sorted", 1L))[1];
        g.identity(topIdx, ModelIo.routerTopK(l));
        long hidden = spec.hidden();
        long width = moe.expertFfnHidden();
        List<String> fc1 = new ArrayList<>();
        List<String> fc2 = new ArrayList<>();
        String lastAxis = g.longs(2);
        String first = g.longs(0);
        for (int e = 0; e < moe.experts(); e++) {
            String prefix = WeightLayout.expert(l, e);
            String pairs = g.op("Concat", List.of(g.op("Unsqueeze", weight(prefix + ".w_gate"), lastAxis),
                    g.op("Unsqueeze", weight(prefix + ".w_up"), lastAxis)), attr("axis", 2L)); // [H, I, 2]
            String interleaved = g.op("Reshape", pairs, g.longs(hidden, 2 * width)); // gate_0, up_0, gate_1, ...
            fc1.add(g.op("Unsqueeze", g.op("Transpose", List.of(interleaved), attr("perm", new long[] {1, 0})),
                    first)); // [1, 2I, H]
            fc2.add(g.op("Unsqueeze", g.op("Transpose", List.of(weight(prefix + ".w_down")),
                    attr("perm", new long[] {1, 0})), first)); // [1, H, I]
        }
        String fc1All = g.op("Concat", fc1, attr("axis", 0L));
        String fc2All = g.op("Concat", fc2, attr("axis", 0L));
        String out = toFloat(g.microsoftOp("MoE", List.of(tokens, kernelLogits, fc1All, "", fc2All),
                attr("k", (long) moe.topK()), attr("activation_type", "swiglu"), attr("swiglu_fusion", 1L),
                attr("normalize_routing_weights", moe.router().normTopK() ? 1L : 0L),
                attr("activation_alpha", 1f), attr("activation_beta", 0f),
                attr("swiglu_limit", Float.POSITIVE_INFINITY))); // plain SwiGLU: silu(gate) · up, no clamp
        double scaling = moe.router().routedScaling();
        return scaling == 1.0 ? out : g.op("Mul", out, g.scalar((float) scaling));
    }
}
