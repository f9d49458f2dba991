package dev.portbench.backend.reference;

import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.checkpoint.HfConfig;
import dev.portbench.scenarios.checkpoint.SafetensorsFile;
import dev.portbench.scenarios.checkpoint.TinyCheckpoint;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;

import static dev.portbench.scenarios.checkpoint.TinyCheckpoint.DS_EXPERTS;
import static dev.portbench.scenarios.checkpoint.TinyCheckpoint.DS_KV_LORA;
import static dev.portbench.scenarios.checkpoint.TinyCheckpoint.DS_NOPE;
import static dev.portbench.scenarios.checkpoint.TinyCheckpoint.DS_ROPE;
import static dev.portbench.scenarios.checkpoint.TinyCheckpoint.DS_V;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DeepSeek-V2 and V3 checkpoints, checked independently: the fp64 oracle on a tiny checkpoint against a forward pass
 * written here from DeepSeek's Hugging Face modeling code and tensor names, in plain fp64 loops: MLA with the query
 * latent (V3) or q_proj (V2), kv_a_proj_with_mqa split into the latent and the shared rope key, kv_a_layernorm,
 * kv_b_proj per head, apply_rotary_pos_emb's interleaved-to-halves permutation of q_pe and k_pe, YaRN's frequencies
 * and cos/sin factor, the softmax scale 1/√(qk_nope + qk_rope) times mscale_all_dim's factor squared; the MoEGate (V3: sigmoid, e_score_correction_bias for the choice, groups scored by their two
 * best, renormalised, × 2.5; V2: softmax, groups scored by their best, × 16 without renormalising), the routed experts
 * and the one shared MLP of 2 · moe_intermediate_size; a dense first layer; in an FP8 checkpoint, E4M3 weights times
 * their block scales. The two agree to 1e-9.
 */
class HfDeepSeekOracleTest {
    private static final int HEADS = TinyCheckpoint.HEADS;
    private static final int H = TinyCheckpoint.HIDDEN;
    private static final int QK = DS_NOPE + DS_ROPE;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({HfConfig.DEEPSEEK_V3 + ",F32", HfConfig.DEEPSEEK_V2 + ",F32", HfConfig.DEEPSEEK_V3 + ",F8_E4M3"})
    void theOracleComputesWhatDeepSeeksModelingCodeComputes(String architecture, String dtype) throws Exception {
        Path ckpt = new TinyCheckpoint(architecture, dtype, 13).write(dir.resolve("ckpt"));
        SafetensorsFile st = SafetensorsFile.open(ckpt.resolve("model.safetensors"));
        boolean v3 = architecture.equals(HfConfig.DEEPSEEK_V3);
        Scenario s = CheckpointOracleCheck.assertOracleMatches(dir, 9, ids -> new DeepSeekForward(st, v3).run(ids),
                architecture + " " + dtype);
        assertTrue(s.model().isMla());
    }

    /** DeepseekV3ForCausalLM / DeepseekV2ForCausalLM for one sequence, in fp64. */
    private static final class DeepSeekForward {
        private final SafetensorsFile st;
        private final boolean v3;

        DeepSeekForward(SafetensorsFile st, boolean v3) {
            this.st = st;
            this.v3 = v3;
        }

        /**
         * A tensor's values; an FP8 one decoded here from its bits (sign, 4 exponent bits biased by 7, 3 mantissa
         * bits, subnormal at exponent 0) and multiplied by its block's weight_scale_inv, rounded to fp32 as
         * DeepSeek's weight_dequant returns it.
         */
        private double[] w(String name) {
            SafetensorsFile.Entry e = st.entries().get(name);
            if (!e.dtype().equals("F8_E4M3")) {
                float[] f = st.floats(name);
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                return d;
            }
            byte[] bits = new byte[(int) e.elements()];
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(st.file())) {
                ch.read(java.nio.ByteBuffer.wrap(bits), e.begin());
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
            float[] scales = st.floats(name + "_scale_inv");
            int cols = (int) e.shape()[1];
            int block = TinyCheckpoint.FP8_BLOCK;
            int scaleCols = (cols + block - 1) / block;
            double[] d = new double[bits.length];
            for (int i = 0; i < bits.length; i++) {
                int exponent = (bits[i] >> 3) & 0xF;
                int mantissa = bits[i] & 7;
                double v = exponent == 0 ? Math.scalb((double) mantissa, -9) : Math.scalb(8.0 + mantissa, exponent - 10);
                v = bits[i] < 0 ? -v : v;
                d[i] = (float) (v * scales[(i / cols / block) * scaleCols + (i % cols) / block]);
            }
            return d;
        }

        private static double[] linear(double[] weight, double[] x, int out) {
            int in = x.length;
            double[] y = new double[out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    y[o] += weight[o * in + i] * x[i];
                }
            }
            return y;
        }

        /** DeepseekV3RMSNorm: every norm of these checkpoints has ε = 1e-6. */
        private static double[] rmsNorm(double[] x, double[] weight) {
            double ms = 0;
            for (double v : x) {
                ms += v * v;
            }
            double inv = 1 / Math.sqrt(ms / x.length + 1e-6);
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = weight[i] * (x[i] * inv);
            }
            return y;
        }

        private double[] mlp(String prefix, double[] x, int width) {
            double[] g = linear(w(prefix + "gate_proj.weight"), x, width);
            double[] u = linear(w(prefix + "up_proj.weight"), x, width);
            for (int i = 0; i < width; i++) {
                g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
            }
            return linear(w(prefix + "down_proj.weight"), g, H);
        }

        /** DeepseekV3YarnRotaryEmbedding's inv_freq and _mscale, from the checkpoint's rope_scaling. */
        private double[] invFreq() {
            int d = DS_ROPE;
            double base = 10000.0;
            double factor = v3 ? 4.0 : 2.0;
            double low = Math.max(Math.floor(correctionDim(32, d, base)), 0);
            double high = Math.min(Math.ceil(correctionDim(1, d, base)), d - 1);
            double[] inv = new double[d / 2];
            for (int i = 0; i < d / 2; i++) {
                double extra = 1.0 / Math.pow(base, 2.0 * i / d);
                double inter = 1.0 / (factor * Math.pow(base, 2.0 * i / d));
                double ramp = Math.min(1, Math.max(0, (i - low) / (high == low ? 0.001 : high - low)));
                double mask = 1.0 - ramp;
                inv[i] = inter * (1 - mask) + extra * mask;
            }
            return inv;
        }

        private static double correctionDim(double rotations, int dim, double base) {
            return dim * Math.log(32 / (rotations * 2 * Math.PI)) / (2 * Math.log(base));
        }

        private static double yarnMscale(double scale, double mscale) {
            return scale <= 1 ? 1.0 : 0.1 * mscale * Math.log(scale) + 1.0;
        }

        /** The cos/sin factor: yarn_get_mscale(factor, mscale) / yarn_get_mscale(factor, mscale_all_dim). */
        private double cosSinScale() {
            return v3 ? yarnMscale(4.0, 1.0) / yarnMscale(4.0, 1.0) : yarnMscale(2.0, 0.9) / yarnMscale(2.0, 0.7);
        }

        /** DeepseekV3Attention's softmax_scale: q_head_dim^−½ · mscale², mscale from mscale_all_dim. */
        private double softmaxScale() {
            double m = v3 ? yarnMscale(4.0, 1.0) : yarnMscale(2.0, 0.7);
            return m * m / Math.sqrt(QK);
        }

        /**
         * apply_rotary_pos_emb on DS_ROPE channels from off: view(d/2, 2).transpose(4, 3).reshape (evens, then
         * odds), then x·cos + rotate_half(x)·sin with YaRN's inv_freq, emb = cat(freqs, freqs), cos and sin scaled.
         */
        private double[] rope(double[] x, int off, int pos) {
            int d = DS_ROPE;
            double[] p = new double[d];
            for (int i = 0; i < d / 2; i++) {
                p[i] = x[off + 2 * i];
                p[d / 2 + i] = x[off + 2 * i + 1];
            }
            double[] inv = invFreq();
            double[] r = new double[d];
            for (int i = 0; i < d; i++) {
                double angle = pos * inv[i % (d / 2)];
                double rotated = i < d / 2 ? -p[i + d / 2] : p[i - d / 2];
                r[i] = p[i] * Math.cos(angle) * cosSinScale() + rotated * Math.sin(angle) * cosSinScale();
            }
            return r;
        }

        double[][] run(long[] ids) {
            int n = ids.length;
            double[] embed = w("model.embed_tokens.weight");
            double[][] x = new double[n][];
            for (int t = 0; t < n; t++) {
                x[t] = Arrays.copyOfRange(embed, (int) ids[t] * H, (int) ids[t] * H + H);
            }
            for (int l = 0; l < TinyCheckpoint.LAYERS; l++) {
                String p = "model.layers." + l + ".";
                attention(p, x);
                for (int t = 0; t < n; t++) {
                    double[] h = rmsNorm(x[t], w(p + "post_attention_layernorm.weight"));
                    double[] f = l == 0 ? mlp(p + "mlp.", h, TinyCheckpoint.FFN) : moe(p + "mlp.", h);
                    for (int i = 0; i < H; i++) {
                        x[t][i] += f[i];
                    }
                }
            }
            double[][] logits = new double[n][];
            for (int t = 0; t < n; t++) {
                logits[t] = linear(w("lm_head.weight"), rmsNorm(x[t], w("model.norm.weight")), TinyCheckpoint.VOCAB);
            }
            return logits;
        }

        private void attention(String p, double[][] x) {
            int n = x.length;
            String a = p + "self_attn.";
            double[][] q = new double[n][]; // per head: q_nope, then q_pe after RoPE
            double[][] k = new double[n][]; // per head: k_nope, then the shared k_pe after RoPE
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] h = rmsNorm(x[t], w(p + "input_layernorm.weight"));
                double[] qt = v3 ? linear(w(a + "q_b_proj.weight"), rmsNorm(linear(w(a + "q_a_proj.weight"), h,
                        TinyCheckpoint.DS_Q_LORA), w(a + "q_a_layernorm.weight")), HEADS * QK)
                        : linear(w(a + "q_proj.weight"), h, HEADS * QK);
                double[] ckv = linear(w(a + "kv_a_proj_with_mqa.weight"), h, DS_KV_LORA + DS_ROPE);
                double[] kpe = rope(ckv, DS_KV_LORA, t);
                double[] kv = linear(w(a + "kv_b_proj.weight"), rmsNorm(Arrays.copyOf(ckv, DS_KV_LORA),
                        w(a + "kv_a_layernorm.weight")), HEADS * (DS_NOPE + DS_V));
                q[t] = new double[HEADS * QK];
                k[t] = new double[HEADS * QK];
                v[t] = new double[HEADS * DS_V];
                for (int head = 0; head < HEADS; head++) {
                    System.arraycopy(qt, head * QK, q[t], head * QK, DS_NOPE);
                    System.arraycopy(rope(qt, head * QK + DS_NOPE, t), 0, q[t], head * QK + DS_NOPE, DS_ROPE);
                    System.arraycopy(kv, head * (DS_NOPE + DS_V), k[t], head * QK, DS_NOPE);
                    System.arraycopy(kpe, 0, k[t], head * QK + DS_NOPE, DS_ROPE);
                    System.arraycopy(kv, head * (DS_NOPE + DS_V) + DS_NOPE, v[t], head * DS_V, DS_V);
                }
            }
            double scale = softmaxScale();
            for (int t = 0; t < n; t++) {
                double[] out = new double[HEADS * DS_V];
                for (int head = 0; head < HEADS; head++) {
                    double[] s = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= t; j++) {
                        for (int c = 0; c < QK; c++) {
                            s[j] += q[t][head * QK + c] * k[j][head * QK + c];
                        }
                        s[j] *= scale;
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= t; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j <= t; j++) {
                        for (int c = 0; c < DS_V; c++) {
                            out[head * DS_V + c] += s[j] / sum * v[j][head * DS_V + c];
                        }
                    }
                }
                double[] o = linear(w(a + "o_proj.weight"), out, H);
                for (int i = 0; i < H; i++) {
                    x[t][i] += o[i];
                }
            }
        }

        /** DeepseekV3MoE / DeepseekV2MoE: the gate's top-k experts weighted, plus the shared MLP. */
        private double[] moe(String p, double[] h) {
            double[] logits = linear(w(p + "gate.weight"), h, DS_EXPERTS);
            double[] scores = new double[DS_EXPERTS];
            if (v3) {
                for (int e = 0; e < DS_EXPERTS; e++) {
                    scores[e] = 1 / (1 + Math.exp(-logits[e]));
                }
            } else {
                double max = Arrays.stream(logits).max().orElseThrow();
                double sum = 0;
                for (int e = 0; e < DS_EXPERTS; e++) {
                    scores[e] = Math.exp(logits[e] - max);
                    sum += scores[e];
                }
                for (int e = 0; e < DS_EXPERTS; e++) {
                    scores[e] /= sum;
                }
            }
            double[] choice = scores.clone();
            if (v3) {
                double[] bias = w(p + "gate.e_score_correction_bias");
                for (int e = 0; e < DS_EXPERTS; e++) {
                    choice[e] += bias[e];
                }
            }
            int size = DS_EXPERTS / TinyCheckpoint.DS_GROUPS;
            double[] groupScore = new double[TinyCheckpoint.DS_GROUPS];
            for (int g = 0; g < groupScore.length; g++) {
                double[] members = Arrays.copyOfRange(choice, g * size, (g + 1) * size);
                Arrays.sort(members); // ascending
                groupScore[g] = v3 ? members[size - 1] + members[size - 2] : members[size - 1];
            }
            int[] groups = best(groupScore, TinyCheckpoint.DS_TOPK_GROUPS);
            double[] masked = new double[DS_EXPERTS];
            Arrays.fill(masked, Double.NEGATIVE_INFINITY);
            for (int g : groups) {
                System.arraycopy(choice, g * size, masked, g * size, size);
            }
            int[] top = best(masked, TinyCheckpoint.TOP_K);
            double[] weight = new double[top.length];
            double sum = 0;
            for (int j = 0; j < top.length; j++) {
                weight[j] = scores[top[j]];
                sum += weight[j];
            }
            double[] out = mlp(p + "shared_experts.", h, TinyCheckpoint.DS_SHARED * TinyCheckpoint.DS_MOE_FFN);
            for (int j = 0; j < top.length; j++) {
                double wj = v3 ? weight[j] / sum * 2.5 : weight[j] * 16.0;
                double[] y = mlp(p + "experts." + top[j] + ".", h, TinyCheckpoint.DS_MOE_FFN);
                for (int i = 0; i < H; i++) {
                    out[i] += wj * y[i];
                }
            }
            return out;
        }

        /** torch.topk's indices: the k largest, the lower index first among equals. */
        private static int[] best(double[] values, int k) {
            boolean[] taken = new boolean[values.length];
            int[] out = new int[k];
            for (int j = 0; j < k; j++) {
                int b = -1;
                for (int i = 0; i < values.length; i++) {
                    if (!taken[i] && (b < 0 || values[i] > values[b])) {
                        b = i;
                    }
                }
                taken[b] = true;
                out[j] = b;
            }
            return out;
        }
    }
}
