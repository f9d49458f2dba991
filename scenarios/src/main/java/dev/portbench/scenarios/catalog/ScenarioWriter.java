package dev.portbench.scenarios.catalog;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.MoeOp;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.RouterSpec;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.YarnScaling;

import java.util.Locale;
import java.util.regex.Pattern;

/** Writes a scenario in the layout of the built-in files, every optional field explicit. */
final class ScenarioWriter {
    /** Text YAML reads back as the same plain string: no null, bool or number look-alikes, no flow indicators. */
    private static final Pattern PLAIN = Pattern.compile("[a-z][a-z0-9._-]*");
    private static final Pattern NOT_PLAIN = Pattern.compile("null|true|false|yes|no|on|off|y|n");

    private ScenarioWriter() {
    }

    /** A router other than the default softmax top-k, key by key. */
    private static void router(StringBuilder b, RouterSpec r) {
        if (r.isDefault()) {
            return;
        }
        b.append("    scoring: ").append(r.scoring().id()).append('\n');
        b.append("    norm_topk_prob: ").append(r.normTopK()).append('\n');
        b.append("    routed_scaling_factor: ").append(number(r.routedScaling())).append('\n');
        b.append("    n_group: ").append(r.groups()).append('\n');
        b.append("    topk_group: ").append(r.topkGroups()).append('\n');
        b.append("    correction_bias: ").append(r.correctionBias()).append('\n');
    }

    static String write(Scenario s) {
        ModelSpec m = s.model();
        StringBuilder b = new StringBuilder();
        b.append("name: ").append(string(s.name())).append('\n');
        b.append("description: ").append(quoted(s.description())).append('\n');
        b.append("seed: ").append(s.seed()).append('\n');
        if (s.checkpoint() != null) { // the model is the checkpoint's config.json, read again by whoever loads this
            b.append("checkpoint: ").append(quoted(s.checkpoint().dir().toString())).append('\n');
            b.append("layers: ").append(m.layers()).append('\n');
            if (m.isMoe() && m.moe().op() != MoeOp.LOOP) {
                b.append("moe_op: ").append(m.moe().op().id()).append('\n');
            }
            workloads(b, s);
            return b.toString();
        }
        b.append("model:\n");
        b.append("  vocab_size: ").append(m.vocabSize()).append('\n');
        b.append("  hidden: ").append(m.hidden()).append('\n');
        b.append("  layers: ").append(m.layers()).append('\n');
        b.append("  heads: ").append(m.heads()).append('\n');
        b.append("  kv_heads: ").append(m.kvHeads()).append('\n');
        b.append("  head_dim: ").append(m.headDim()).append('\n');
        if (m.isMoe()) {
            MoeSpec moe = m.moe();
            b.append("  moe:\n");
            b.append("    experts: ").append(moe.experts()).append('\n');
            b.append("    top_k: ").append(moe.topK()).append('\n');
            b.append("    expert_ffn_hidden: ").append(moe.expertFfnHidden()).append('\n');
            b.append("    shared_experts: ").append(moe.sharedExperts()).append('\n');
            router(b, moe.router());
            if (moe.firstDenseLayers() > 0) {
                b.append("    first_dense_layers: ").append(moe.firstDenseLayers()).append('\n');
            }
            if (moe.op() != MoeOp.LOOP) {
                b.append("    moe_op: ").append(moe.op().id()).append('\n');
            }
        }
        if (m.ffnHidden() > 0) {
            b.append("  ffn_hidden: ").append(m.ffnHidden()).append('\n');
        }
        b.append("  rope_theta: ").append(number(m.ropeTheta())).append('\n');
        b.append("  rms_norm_eps: ").append(number(m.rmsNormEps())).append('\n');
        b.append("  max_seq_len: ").append(m.maxSeqLen()).append('\n');
        if (m.qkNorm()) {
            b.append("  qk_norm: true\n");
        }
        if (m.qkvBias()) {
            b.append("  qkv_bias: true\n");
        }
        if (m.isMla()) {
            MlaSpec mla = m.mla();
            b.append("  mla:\n");
            b.append("    q_lora_rank: ").append(mla.qLoraRank()).append('\n');
            b.append("    kv_lora_rank: ").append(mla.kvLoraRank()).append('\n');
            b.append("    qk_nope_head_dim: ").append(mla.qkNopeHeadDim()).append('\n');
            b.append("    qk_rope_head_dim: ").append(mla.qkRopeHeadDim()).append('\n');
            b.append("    v_head_dim: ").append(mla.vHeadDim()).append('\n');
            b.append("    form: ").append(mla.form().id()).append('\n');
        }
        if (m.ropeScaling() != null) {
            YarnScaling y = m.ropeScaling();
            b.append("  rope_scaling:\n");
            b.append("    type: yarn\n");
            b.append("    factor: ").append(number(y.factor())).append('\n');
            b.append("    original_max_position_embeddings: ").append(y.originalMaxPositions()).append('\n');
            b.append("    beta_fast: ").append(number(y.betaFast())).append('\n');
            b.append("    beta_slow: ").append(number(y.betaSlow())).append('\n');
            b.append("    mscale: ").append(number(y.mscale())).append('\n');
            b.append("    mscale_all_dim: ").append(number(y.mscaleAllDim())).append('\n');
        }
        workloads(b, s);
        return b.toString();
    }

    private static void workloads(StringBuilder b, Scenario s) {
        if (s.prompt() != null) {
            b.append("prompt: [").append(s.prompt().stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", "))).append("]\n");
        }
        b.append("workloads:\n");
        for (Workload w : s.workloads()) {
            b.append("  - {name: ").append(string(w.name())).append(", phase: ").append(w.phase().id())
                    .append(", batch: ").append(w.batch()).append(", seq_len: ").append(w.seqLen());
            if (w.phase() == Phase.DECODE) {
                b.append(", new_tokens: ").append(w.newTokens());
            }
            b.append("}\n");
        }
    }

    /** Whole numbers without a fraction (10000, 1000000), others in the shortest form that reads back exactly. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }

    private static String string(String s) {
        return PLAIN.matcher(s).matches() && !NOT_PLAIN.matcher(s).matches() ? s : quoted(s);
    }

    /** A double-quoted YAML scalar; escapes whatever YAML would otherwise fold or reject. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
