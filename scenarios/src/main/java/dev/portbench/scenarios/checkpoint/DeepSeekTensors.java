package dev.portbench.scenarios.checkpoint;

import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.ModelSpec;

/**
 * Where a DeepSeek-V2/V3 checkpoint keeps portbench's attention and MoE tensors (the norms, dense FFNs and routed
 * experts are named as in Qwen3-MoE). Two layouts differ from portbench's:
 * <ul>
 *   <li>RoPE: DeepSeek rotates interleaved pairs (2i, 2i + 1) of the rotary channels; portbench rotates halves
 *       (i, i + r/2). Taking the rows of q_proj / q_b_proj and kv_a_proj_with_mqa that make the rotary channels in
 *       the order evens-then-odds turns one into the other (DeepSeek's apply_rotary_pos_emb does the same
 *       permutation at run time); a score is a dot product over the same pairs, so it is unchanged.</li>
 *   <li>Shared experts: DeepSeek has one MLP of width n_shared_experts · moe_intermediate_size; portbench has that
 *       many experts of moe_intermediate_size. Expert s is rows [s·w, (s+1)·w) of gate_proj and up_proj and those
 *       columns of down_proj: the sum of the slices is the whole MLP.</li>
 * </ul>
 */
final class DeepSeekTensors {
    private final ModelSpec spec;
    private final MlaSpec mla;
    private final boolean interleaved;

    DeepSeekTensors(ModelSpec spec, boolean interleaved) {
        this.spec = spec;
        this.mla = spec.mla();
        this.interleaved = interleaved;
    }

    /** The source of layer tensor {@code rest} (e.g. "wkv_a"); null where it is named as in the other families. */
    CheckpointModel.Source source(String layer, String rest) {
        String attn = layer + "self_attn.";
        return switch (rest) {
            case "wq" -> rows(attn + "q_proj.weight", queryRows());
            case "wq_a" -> new CheckpointModel.Source(attn + "q_a_proj.weight", true);
            case "q_a_norm" -> new CheckpointModel.Source(attn + "q_a_layernorm.weight", false);
            case "wq_b" -> rows(attn + "q_b_proj.weight", queryRows());
            case "wkv_a" -> rows(attn + "kv_a_proj_with_mqa.weight", latentRows());
            case "kv_a_norm" -> new CheckpointModel.Source(attn + "kv_a_layernorm.weight", false);
            case "wkv_b" -> new CheckpointModel.Source(attn + "kv_b_proj.weight", true);
            case "router_bias" -> new CheckpointModel.Source(layer + "mlp.gate.e_score_correction_bias", false);
            default -> rest.startsWith("shared.") ? shared(layer, rest) : null;
        };
    }

    private static CheckpointModel.Source rows(String name, int[] rows) {
        return new CheckpointModel.Source(name, true, rows, null, null);
    }

    /** Per head: the position-free rows as stored, then the rotary ones evens first. */
    private int[] queryRows() {
        int qk = mla.qkHeadDim();
        int[] rows = new int[spec.heads() * qk];
        for (int h = 0; h < spec.heads(); h++) {
            for (int c = 0; c < qk; c++) {
                int nope = mla.qkNopeHeadDim();
                rows[h * qk + c] = h * qk + (c < nope ? c : nope + ropeRow(c - nope));
            }
        }
        return rows;
    }

    /** The latent's rows as stored, then the shared rotary key's, evens first. */
    private int[] latentRows() {
        int rank = mla.kvLoraRank();
        int[] rows = new int[rank + mla.qkRopeHeadDim()];
        for (int c = 0; c < rows.length; c++) {
            rows[c] = c < rank ? c : rank + ropeRow(c - rank);
        }
        return rows;
    }

    /** Which stored rotary channel portbench's channel j is: 2j in the first half, 2(j − r/2) + 1 in the second. */
    private int ropeRow(int j) {
        int half = mla.qkRopeHeadDim() / 2;
        if (!interleaved) {
            return j;
        }
        return j < half ? 2 * j : 2 * (j - half) + 1;
    }

    /** shared.S.w_gate / w_up / w_down: slice S of the one shared MLP. */
    private CheckpointModel.Source shared(String layer, String rest) {
        String[] p = rest.split("\\.");
        int s = Integer.parseInt(p[1]);
        int width = spec.moe().expertFfnHidden();
        int all = width * spec.moe().sharedExperts();
        int[] slice = java.util.stream.IntStream.range(s * width, (s + 1) * width).toArray();
        String base = layer + "mlp.shared_experts.";
        return switch (p[2]) {
            case "w_gate" -> new CheckpointModel.Source(base + "gate_proj.weight", true, slice, null,
                    new long[] {all, spec.hidden()});
            case "w_up" -> new CheckpointModel.Source(base + "up_proj.weight", true, slice, null,
                    new long[] {all, spec.hidden()});
            case "w_down" -> new CheckpointModel.Source(base + "down_proj.weight", true, null, slice,
                    new long[] {spec.hidden(), all});
            default -> throw new IllegalStateException("no checkpoint tensor for portbench's " + layer + rest);
        };
    }
}
