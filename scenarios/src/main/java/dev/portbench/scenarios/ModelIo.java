package dev.portbench.scenarios;

/** Names of the model's inputs and outputs, shared by the exporter and every backend. */
public final class ModelIo {
    /** int64 [batch, seq]. */
    public static final String INPUT_IDS = "input_ids";
    /** float [batch, seq, vocab]. */
    public static final String LOGITS = "logits";

    private ModelIo() {
    }

    /** Decode graph input: layer {@code l}'s cached keys, [batch, kv_heads, past, head_dim], after RoPE. */
    public static String pastKey(int layer) {
        return "past_key_" + layer;
    }

    public static String pastValue(int layer) {
        return "past_value_" + layer;
    }

    /** Decode graph output: the cache after this step, [batch, kv_heads, past + seq, head_dim]. */
    public static String presentKey(int layer) {
        return "present_key_" + layer;
    }

    public static String presentValue(int layer) {
        return "present_value_" + layer;
    }

    /** int64 [batch·seq, top_k]: the experts layer {@code l} routed each token to, MoE models only. */
    public static String routerTopK(int layer) {
        return "router_topk_" + layer;
    }
}
