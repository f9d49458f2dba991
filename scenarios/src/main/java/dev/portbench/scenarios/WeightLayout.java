package dev.portbench.scenarios;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names, shapes and initial scales of every weight of a {@link ModelSpec}; the single source both the Java forward
 * passes and the ONNX exporter read, so they cannot disagree on a tensor.
 *
 * <p>Scales keep activations O(1) through the layers: std 1/√fan_in for projections, output projections further
 * divided by √(2·layers) as in GPT-2, unit-std embeddings, norm gains near 1, and a router whose logits have std ≈ 1
 * so several experts receive tokens.
 */
public final class WeightLayout {
    private static final float SQRT3 = (float) Math.sqrt(3.0);
    private final ModelSpec spec;
    private final Map<String, TensorSpec> tensors = new LinkedHashMap<>();

    private WeightLayout(ModelSpec spec) {
        this.spec = spec;
        add(new TensorSpec(embed(), new int[] {spec.vocabSize(), spec.hidden()}, 0f, SQRT3));
        for (int l = 0; l < spec.layers(); l++) {
            addLayer(l);
        }
        add(norm(finalNorm()));
        add(projection(lmHead(), spec.hidden(), spec.vocabSize(), 1f));
    }

    public static WeightLayout of(ModelSpec spec) {
        return new WeightLayout(spec);
    }

    private void addLayer(int l) {
        float residualScale = (float) (1.0 / Math.sqrt(2.0 * spec.layers()));
        add(norm(attnNorm(l)));
        if (spec.isMla()) {
            addLatentAttention(l, residualScale);
        } else {
            addGroupedQueryAttention(l, residualScale);
        }
        add(norm(ffnNorm(l)));
        if (spec.isMoeLayer(l)) {
            MoeSpec moe = spec.moe();
            add(projection(router(l), spec.hidden(), moe.experts(), 1f));
            if (moe.router().correctionBias()) {
                add(bias(routerBias(l), moe.experts()));
            }
            for (int e = 0; e < moe.experts(); e++) {
                addSwiGlu(expert(l, e), moe.expertFfnHidden(), residualScale);
            }
            for (int s = 0; s < moe.sharedExperts(); s++) {
                addSwiGlu(shared(l, s), moe.expertFfnHidden(), residualScale);
            }
        } else {
            addSwiGlu(denseFfn(l), spec.ffnHidden(), residualScale);
        }
    }

    /** MLA's projections in DeepSeek's order; per head, query columns are [nope | rope] and kv_b's [k_nope | v]. */
    private void addLatentAttention(int l, float residualScale) {
        MlaSpec mla = spec.mla();
        int qOut = spec.heads() * mla.qkHeadDim();
        if (mla.hasQueryLora()) {
            add(projection(wqA(l), spec.hidden(), mla.qLoraRank(), 1f));
            add(norm(qANorm(l), mla.qLoraRank()));
            add(projection(wqB(l), mla.qLoraRank(), qOut, 1f));
        } else {
            add(projection(wq(l), spec.hidden(), qOut, 1f));
        }
        add(projection(wkvA(l), spec.hidden(), mla.kvLoraRank() + mla.qkRopeHeadDim(), 1f));
        add(norm(kvANorm(l), mla.kvLoraRank()));
        add(projection(wkvB(l), mla.kvLoraRank(), spec.heads() * (mla.qkNopeHeadDim() + mla.vHeadDim()), 1f));
        add(projection(wo(l), spec.heads() * mla.vHeadDim(), spec.hidden(), residualScale));
    }

    private void addGroupedQueryAttention(int l, float residualScale) {
        int q = spec.heads() * spec.headDim();
        int kv = spec.kvHeads() * spec.headDim();
        add(projection(wq(l), spec.hidden(), q, 1f));
        add(projection(wk(l), spec.hidden(), kv, 1f));
        add(projection(wv(l), spec.hidden(), kv, 1f));
        add(projection(wo(l), q, spec.hidden(), residualScale));
        if (spec.qkvBias()) {
            add(bias(bq(l), q));
            add(bias(bk(l), kv));
            add(bias(bv(l), kv));
        }
        if (spec.qkNorm()) {
            add(norm(qNorm(l), spec.headDim()));
            add(norm(kNorm(l), spec.headDim()));
        }
    }

    private void addSwiGlu(String prefix, int width, float residualScale) {
        add(projection(prefix + ".w_gate", spec.hidden(), width, 1f));
        add(projection(prefix + ".w_up", spec.hidden(), width, 1f));
        add(projection(prefix + ".w_down", width, spec.hidden(), residualScale));
    }

    private TensorSpec norm(String name) {
        return norm(name, spec.hidden());
    }

    /** A projection's bias, uniform in ±0.1. */
    private static TensorSpec bias(String name, int width) {
        return new TensorSpec(name, new int[] {width}, 0f, 0.1f);
    }

    private static TensorSpec norm(String name, int width) {
        return new TensorSpec(name, new int[] {width}, 1f, 0.1f);
    }

    private static TensorSpec projection(String name, int in, int out, float extraScale) {
        // uniform on [-a, a] has std a/√3, so a = √(3/in) gives std 1/√in
        float bound = (float) Math.sqrt(3.0 / in) * extraScale;
        return new TensorSpec(name, new int[] {in, out}, 0f, bound);
    }

    private void add(TensorSpec t) {
        if (tensors.put(t.name(), t) != null) {
            throw new IllegalStateException("duplicate tensor name " + t.name());
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    public List<TensorSpec> tensors() {
        return Collections.unmodifiableList(new ArrayList<>(tensors.values()));
    }

    public TensorSpec tensor(String name) {
        TensorSpec t = tensors.get(name);
        if (t == null) {
            throw new SpecException("model " + spec.name() + " has no tensor '" + name + "'");
        }
        return t;
    }

    /**
     * Whether int8 weight-only quantisation applies: every 2-D projection except the embedding table (a lookup, not
     * a MatMul) and the router (tiny, and routing is what MoE accuracy hinges on; deployments keep it in full precision).
     */
    public static boolean isQuantisedInInt8(TensorSpec t) {
        return t.shape().length == 2 && !t.name().equals(embed()) && !keepsFullPrecision(t);
    }

    /** A projection's bias (q, k, v): added in the compute type, unlike RMSNorm gains, which norms read in fp32. */
    public static boolean isBias(TensorSpec t) {
        return t.name().matches(".*\\.b[qkv]");
    }

    /** Tensors every precision keeps in fp32: the MoE routers and their biases, whose near-ties decide which experts run. */
    public static boolean keepsFullPrecision(TensorSpec t) {
        return t.name().endsWith(".router") || t.name().endsWith(".router_bias");
    }

    public long parameterCount() {
        return tensors.values().stream().mapToLong(TensorSpec::size).sum();
    }

    // Tensor names, in one place.
    public static String embed() {
        return "embed";
    }

    public static String finalNorm() {
        return "final_norm";
    }

    public static String lmHead() {
        return "lm_head";
    }

    public static String attnNorm(int l) {
        return layer(l) + ".attn_norm";
    }

    public static String wq(int l) {
        return layer(l) + ".wq";
    }

    public static String wk(int l) {
        return layer(l) + ".wk";
    }

    public static String wv(int l) {
        return layer(l) + ".wv";
    }

    public static String wo(int l) {
        return layer(l) + ".wo";
    }

    /** The query projection's bias, [heads · head_dim] (models with q/k/v biases only). */
    public static String bq(int l) {
        return layer(l) + ".bq";
    }

    public static String bk(int l) {
        return layer(l) + ".bk";
    }

    public static String bv(int l) {
        return layer(l) + ".bv";
    }

    /** The RMSNorm gain of each head's queries, [head_dim] (models with q/k norms only). */
    public static String qNorm(int l) {
        return layer(l) + ".q_norm";
    }

    /** The RMSNorm gain of each head's keys, [head_dim] (models with q/k norms only). */
    public static String kNorm(int l) {
        return layer(l) + ".k_norm";
    }

    /** MLA's query down-projection [hidden, q_lora_rank] (models with a query bottleneck only). */
    public static String wqA(int l) {
        return layer(l) + ".wq_a";
    }

    /** The RMSNorm gain of MLA's query latent, [q_lora_rank]. */
    public static String qANorm(int l) {
        return layer(l) + ".q_a_norm";
    }

    /** MLA's query up-projection [q_lora_rank, heads · (qk_nope_head_dim + qk_rope_head_dim)]. */
    public static String wqB(int l) {
        return layer(l) + ".wq_b";
    }

    /** MLA's joint down-projection [hidden, kv_lora_rank + qk_rope_head_dim]: the latent, then the shared rope key. */
    public static String wkvA(int l) {
        return layer(l) + ".wkv_a";
    }

    /** The RMSNorm gain of MLA's KV latent, [kv_lora_rank]. */
    public static String kvANorm(int l) {
        return layer(l) + ".kv_a_norm";
    }

    /** MLA's up-projection [kv_lora_rank, heads · (qk_nope_head_dim + v_head_dim)]: each head's key, then value. */
    public static String wkvB(int l) {
        return layer(l) + ".wkv_b";
    }

    public static String ffnNorm(int l) {
        return layer(l) + ".ffn_norm";
    }

    public static String router(int l) {
        return layer(l) + ".router";
    }

    /** DeepSeek-V3's e_score_correction_bias, [experts]: added to the router's scores for the choice only. */
    public static String routerBias(int l) {
        return layer(l) + ".router_bias";
    }

    /** Prefix of a dense layer's SwiGLU FFN; its tensors are PREFIX.w_gate, PREFIX.w_up, PREFIX.w_down. */
    public static String denseFfn(int l) {
        return layer(l) + ".ffn";
    }

    public static String expert(int l, int e) {
        return layer(l) + ".experts." + e;
    }

    public static String shared(int l, int s) {
        return layer(l) + ".shared." + s;
    }

    private static String layer(int l) {
        return "layers." + l;
    }
}
