package dev.portbench.backend.reference;

import dev.portbench.scenarios.checkpoint.HfConfig;
import dev.portbench.scenarios.checkpoint.SafetensorsFile;
import dev.portbench.scenarios.checkpoint.TinyCheckpoint;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;


/**
 * The name-and-layout mapping of Hugging Face checkpoints, checked independently: a tiny checkpoint per family is run
 * by the fp64 oracle through a scenario file, and by a forward pass written here straight from the Hugging Face
 * tensor names and the conventions of transformers' modeling code (weights [out, in], rotate_half RoPE with
 * inv_freq = θ^(−2i/d), repeat_kv, Qwen2's q/k/v biases, Qwen3's q_norm/k_norm over each head before RoPE, softmax-then-top-k
 * renormalised routing for Mixtral and Qwen3-MoE), in plain fp64 loops over the checkpoint's values. The two agree to
 * 1e-9.
 */
class HfCheckpointOracleTest {
    private static final int T = TinyCheckpoint.HEADS;
    private static final int D = TinyCheckpoint.HEAD_DIM;
    private static final int H = TinyCheckpoint.HIDDEN;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {HfConfig.LLAMA, HfConfig.MIXTRAL, HfConfig.QWEN2, HfConfig.QWEN3, HfConfig.QWEN3_MOE})
    void theOracleComputesWhatTheHuggingFaceConventionsCompute(String architecture) throws Exception {
        Path ckpt = new TinyCheckpoint(architecture, "F32", 11).write(dir.resolve("ckpt"));
        SafetensorsFile st = SafetensorsFile.open(ckpt.resolve("model.safetensors"));
        CheckpointOracleCheck.assertOracleMatches(dir, 7, ids -> new HfForward(st, architecture).run(ids),
                architecture);
    }

    /** transformers' LlamaForCausalLM / MixtralForCausalLM forward for one sequence, in fp64. */
    private static final class HfForward {
        private final SafetensorsFile st;
        private final String architecture;

        HfForward(SafetensorsFile st, String architecture) {
            this.st = st;
            this.architecture = architecture;
        }

        private boolean qwen3() {
            return architecture.startsWith("Qwen3");
        }

        private static void addBias(double[] y, double[] bias) {
            for (int i = 0; i < y.length; i++) {
                y[i] += bias[i];
            }
        }

        /** Qwen3RMSNorm over each head's d channels of a projection, in place. */
        private void headNorm(double[] x, int heads, double[] weight) {
            for (int h = 0; h < heads; h++) {
                double[] head = java.util.Arrays.copyOfRange(x, h * D, (h + 1) * D);
                System.arraycopy(rmsNorm(head, weight), 0, x, h * D, D);
            }
        }

        private double[] w(String name) {
            float[] f = st.floats(name);
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }

        /** nn.Linear without bias: y[o] = Σ_i W[o][i] x[i], W stored [out, in]. */
        private static double[] linear(double[] weight, double[] x, int out) {
            int in = x.length;
            double[] y = new double[out];
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int i = 0; i < in; i++) {
                    s += weight[o * in + i] * x[i];
                }
                y[o] = s;
            }
            return y;
        }

        private static double[] rmsNorm(double[] x, double[] weight) {
            double ms = 0;
            for (double v : x) {
                ms += v * v;
            }
            double inv = 1 / Math.sqrt(ms / x.length + 1e-5);
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = weight[i] * (x[i] * inv);
            }
            return y;
        }

        private static double silu(double v) {
            return v / (1 + Math.exp(-v));
        }

        /** q·cos + rotate_half(q)·sin with emb = cat(freqs, freqs), freqs = pos · θ^(−2i/d). */
        private static void rope(double[] x, int off, int pos) {
            double[] r = new double[D];
            for (int i = 0; i < D; i++) {
                double freq = pos * Math.pow(500000.0, -(2.0 * (i % (D / 2))) / D);
                double rot = i < D / 2 ? -x[off + i + D / 2] : x[off + i - D / 2];
                r[i] = x[off + i] * Math.cos(freq) + rot * Math.sin(freq);
            }
            System.arraycopy(r, 0, x, off, D);
        }

        private double[] mlp(String gate, String up, String down, double[] x) {
            int ffn = TinyCheckpoint.FFN;
            double[] g = linear(w(gate), x, ffn);
            double[] u = linear(w(up), x, ffn);
            for (int i = 0; i < ffn; i++) {
                g[i] = silu(g[i]) * u[i];
            }
            return linear(w(down), g, H);
        }

        double[][] run(long[] ids) {
            int n = ids.length;
            int kv = TinyCheckpoint.KV_HEADS;
            double[] embed = w("model.embed_tokens.weight");
            double[][] x = new double[n][];
            for (int t = 0; t < n; t++) {
                x[t] = java.util.Arrays.copyOfRange(embed, (int) ids[t] * H, (int) ids[t] * H + H);
            }
            for (int l = 0; l < TinyCheckpoint.LAYERS; l++) {
                String p = "model.layers." + l + ".";
                double[][] q = new double[n][];
                double[][] k = new double[n][];
                double[][] v = new double[n][];
                for (int t = 0; t < n; t++) {
                    double[] h = rmsNorm(x[t], w(p + "input_layernorm.weight"));
                    q[t] = linear(w(p + "self_attn.q_proj.weight"), h, T * D);
                    k[t] = linear(w(p + "self_attn.k_proj.weight"), h, kv * D);
                    v[t] = linear(w(p + "self_attn.v_proj.weight"), h, kv * D);
                    if (architecture.equals(HfConfig.QWEN2)) { // nn.Linear(bias=True)
                        addBias(q[t], w(p + "self_attn.q_proj.bias"));
                        addBias(k[t], w(p + "self_attn.k_proj.bias"));
                        addBias(v[t], w(p + "self_attn.v_proj.bias"));
                    }
                    if (qwen3()) {
                        headNorm(q[t], T, w(p + "self_attn.q_norm.weight"));
                        headNorm(k[t], kv, w(p + "self_attn.k_norm.weight"));
                    }
                    for (int head = 0; head < T; head++) {
                        rope(q[t], head * D, t);
                    }
                    for (int head = 0; head < kv; head++) {
                        rope(k[t], head * D, t);
                    }
                }
                for (int t = 0; t < n; t++) {
                    double[] attn = new double[T * D];
                    for (int head = 0; head < T; head++) {
                        int kvHead = head / (T / kv); // repeat_kv
                        double[] p2 = new double[t + 1];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j <= t; j++) {
                            double s = 0;
                            for (int c = 0; c < D; c++) {
                                s += q[t][head * D + c] * k[j][kvHead * D + c];
                            }
                            p2[j] = s / Math.sqrt(D);
                            max = Math.max(max, p2[j]);
                        }
                        double sum = 0;
                        for (int j = 0; j <= t; j++) {
                            p2[j] = Math.exp(p2[j] - max);
                            sum += p2[j];
                        }
                        for (int j = 0; j <= t; j++) {
                            for (int c = 0; c < D; c++) {
                                attn[head * D + c] += p2[j] / sum * v[j][kvHead * D + c];
                            }
                        }
                    }
                    double[] o = linear(w(p + "self_attn.o_proj.weight"), attn, H);
                    for (int i = 0; i < H; i++) {
                        x[t][i] += o[i];
                    }
                }
                for (int t = 0; t < n; t++) {
                    double[] h = rmsNorm(x[t], w(p + "post_attention_layernorm.weight"));
                    double[] f = architecture.equals(HfConfig.MIXTRAL) ? moe(p + "block_sparse_moe.gate.weight",
                            p + "block_sparse_moe.experts.", "w1", "w3", "w2", h)
                            : architecture.equals(HfConfig.QWEN3_MOE) ? moe(p + "mlp.gate.weight", p + "mlp.experts.",
                            "gate_proj", "up_proj", "down_proj", h)
                            : mlp(p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight", p + "mlp.down_proj.weight", h);
                    for (int i = 0; i < H; i++) {
                        x[t][i] += f[i];
                    }
                }
            }
            double[][] logits = new double[n][];
            for (int t = 0; t < n; t++) {
                logits[t] = linear(w("lm_head.weight"), rmsNorm(x[t], w("model.norm.weight")),
                        TinyCheckpoint.VOCAB);
            }
            return logits;
        }

        /**
         * MixtralSparseMoeBlock and Qwen3MoeSparseMoeBlock (norm_topk_prob): softmax over the router's logits, top-k,
         * renormalised, Σ weight · expert(x).
         */
        private double[] moe(String gate, String experts0, String w1, String w3, String w2, double[] h) {
            int experts = TinyCheckpoint.EXPERTS;
            double[] logits = linear(w(gate), h, experts);
            double max = java.util.Arrays.stream(logits).max().orElseThrow();
            double[] prob = new double[experts];
            double sum = 0;
            for (int e = 0; e < experts; e++) {
                prob[e] = Math.exp(logits[e] - max);
                sum += prob[e];
            }
            boolean[] taken = new boolean[experts];
            int[] top = new int[TinyCheckpoint.TOP_K];
            double topSum = 0;
            for (int j = 0; j < top.length; j++) {
                int best = -1;
                for (int e = 0; e < experts; e++) {
                    if (!taken[e] && (best < 0 || prob[e] > prob[best])) {
                        best = e;
                    }
                }
                taken[best] = true;
                top[j] = best;
                topSum += prob[best] / sum;
            }
            double[] out = new double[H];
            for (int e : top) {
                String ex = experts0 + e + ".";
                double[] y = mlp(ex + w1 + ".weight", ex + w3 + ".weight", ex + w2 + ".weight", h);
                for (int i = 0; i < H; i++) {
                    out[i] += prob[e] / sum / topSum * y[i];
                }
            }
            return out;
        }
    }
}
