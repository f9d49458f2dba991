package dev.portbench.scenarios;

/** Names of the model's inputs and outputs, shared by the exporter and every backend. */
public final class ModelIo {
    /** int64 [batch, seq]. */
    public static final String INPUT_IDS = "input_ids";
    /** float [batch, seq, vocab]. */
    public static final String LOGITS = "logits";

    private ModelIo() {
    }

    /** int64 [batch·seq, top_k]: the experts layer {@code l} routed each token to, MoE models only. */
    public static String routerTopK(int layer) {
        return "router_topk_" + layer;
    }
}
