package dev.portbench.scenarios.checkpoint;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeOp;
import dev.portbench.scenarios.TensorSpec;
import dev.portbench.scenarios.WeightLayout;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A Hugging Face checkpoint as portbench's model: its spec (the first {@code layers} layers), and each of portbench's
 * tensors read from the checkpoint's, transposed from PyTorch's [out, in] to portbench's [in, out] where they are
 * projections. Opening checks every tensor the kept layers need (present, F32/F16/BF16, of the expected shape)
 * from the headers alone, so a bad checkpoint fails before any work with the tensor named.
 */
public final class CheckpointModel {
    private static final String FP8 = "F8_E4M3";
    private final HfCheckpoint checkpoint;
    private final HfConfig config;
    private final ModelSpec spec;

    private CheckpointModel(HfCheckpoint checkpoint, HfConfig config, ModelSpec spec) {
        this.checkpoint = checkpoint;
        this.config = config;
        this.spec = spec;
    }

    /** @param layers the layers to keep from the first; null: all */
    public static CheckpointModel open(Path dir, String name, Integer layers) {
        return open(dir, name, layers, MoeOp.LOOP);
    }

    /** @param moeOp how the ONNX export writes its MoE layers (fused: for a softmax router only, see MoeSpec) */
    public static CheckpointModel open(Path dir, String name, Integer layers, MoeOp moeOp) {
        HfCheckpoint checkpoint = HfCheckpoint.open(dir);
        HfConfig config = new HfConfig(checkpoint.configFile(), checkpoint.config());
        CheckpointModel model = new CheckpointModel(checkpoint, config,
                config.spec(name, layers).withMoeOp(moeOp));
        for (TensorSpec t : WeightLayout.of(model.spec).tensors()) {
            model.check(t);
        }
        return model;
    }

    public ModelSpec spec() {
        return spec;
    }

    public HfConfig config() {
        return config;
    }

    public Path dir() {
        return checkpoint.dir();
    }

    /** The layers the checkpoint has in all. */
    public int checkpointLayers() {
        return config.layers();
    }

    /**
     * Where portbench's tensor comes from: the checkpoint's tensor, whether it is stored transposed ([out, in]), and
     * which of its rows and columns (in the stored layout, in portbench's order) make portbench's tensor.
     *
     * @param rows    stored rows to take, in order; null: all
     * @param cols    stored columns to take, in order; null: all
     * @param hfShape the stored tensor's whole shape; null: portbench's, transposed where the tensor is
     */
    record Source(String hfName, boolean transposed, int[] rows, int[] cols, long[] hfShape) {
        Source(String hfName, boolean transposed) {
            this(hfName, transposed, null, null, null);
        }
    }

    Source source(String name) {
        if (name.equals(WeightLayout.embed())) {
            return new Source("model.embed_tokens.weight", false);
        }
        if (name.equals(WeightLayout.finalNorm())) {
            return new Source("model.norm.weight", false);
        }
        if (name.equals(WeightLayout.lmHead())) {
            return new Source(config.tiedEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight", true);
        }
        String[] p = name.split("\\.");
        String layer = "model.layers." + p[1] + ".";
        String rest = String.join(".", Arrays.copyOfRange(p, 2, p.length));
        if (config.deepSeek()) {
            Source deepSeek = new DeepSeekTensors(spec, config.ropeInterleaved()).source(layer, rest);
            if (deepSeek != null) {
                return deepSeek;
            }
        }
        return switch (rest) {
            case "attn_norm" -> new Source(layer + "input_layernorm.weight", false);
            case "ffn_norm" -> new Source(layer + "post_attention_layernorm.weight", false);
            case "wq" -> new Source(layer + "self_attn.q_proj.weight", true);
            case "wk" -> new Source(layer + "self_attn.k_proj.weight", true);
            case "wv" -> new Source(layer + "self_attn.v_proj.weight", true);
            case "wo" -> new Source(layer + "self_attn.o_proj.weight", true);
            case "bq" -> new Source(layer + "self_attn.q_proj.bias", false);
            case "bk" -> new Source(layer + "self_attn.k_proj.bias", false);
            case "bv" -> new Source(layer + "self_attn.v_proj.bias", false);
            case "q_norm" -> new Source(layer + "self_attn.q_norm.weight", false);
            case "k_norm" -> new Source(layer + "self_attn.k_norm.weight", false);
            case "ffn.w_gate" -> new Source(layer + "mlp.gate_proj.weight", true);
            case "ffn.w_up" -> new Source(layer + "mlp.up_proj.weight", true);
            case "ffn.w_down" -> new Source(layer + "mlp.down_proj.weight", true);
            case "router" -> new Source(layer + (qwen() ? "mlp.gate.weight" : "block_sparse_moe.gate.weight"), true);
            default -> expert(layer, rest, name);
        };
    }

    /** Qwen3-MoE and DeepSeek name the router mlp.gate and the experts mlp.experts.E.{gate,up,down}_proj. */
    private boolean qwen() {
        return config.architecture().equals(HfConfig.QWEN3_MOE) || config.deepSeek();
    }

    /** experts.E.w_gate / w_up / w_down: Mixtral's w1 / w3 / w2, Qwen3-MoE's gate_proj / up_proj / down_proj. */
    private Source expert(String layer, String rest, String name) {
        String[] p = rest.split("\\.");
        if (p.length == 3 && p[0].equals("experts")) {
            String w = switch (p[2]) {
                case "w_gate" -> qwen() ? "gate_proj" : "w1";
                case "w_up" -> qwen() ? "up_proj" : "w3";
                case "w_down" -> qwen() ? "down_proj" : "w2";
                default -> null;
            };
            if (w != null) {
                return new Source(layer + (qwen() ? "mlp.experts." : "block_sparse_moe.experts.") + p[1] + "." + w
                        + ".weight", true);
            }
        }
        throw new IllegalStateException("no checkpoint tensor for portbench's " + name);
    }

    private void check(TensorSpec t) {
        Source s = source(t.name());
        SafetensorsFile.Entry e = checkpoint.entry(s.hfName());
        if (e == null) {
            throw new CheckpointException("checkpoint " + checkpoint.dir() + " has no tensor " + s.hfName()
                    + "; expected it for " + config.architecture() + (s.hfName().equals("lm_head.weight")
                    ? " (tie_word_embeddings is false)" : ""));
        }
        long[] expected = t.longShape();
        if (s.hfShape() != null) {
            expected = s.hfShape();
        } else if (s.transposed()) {
            expected = new long[] {expected[1], expected[0]};
        }
        if (!Arrays.equals(expected, e.shape())) {
            throw new CheckpointException(String.format(Locale.ROOT, "%s: tensor %s has shape %s; expected %s from"
                            + " %s", checkpoint.fileOf(s.hfName()), s.hfName(), Arrays.toString(e.shape()),
                    Arrays.toString(expected), checkpoint.configFile()));
        }
        if (SafetensorsFile.width(e.dtype()) == null) {
            throw new CheckpointException(checkpoint.fileOf(s.hfName()) + ": tensor " + s.hfName() + " is "
                    + e.dtype() + "; expected F32, F16, BF16 or F8_E4M3");
        }
        if (e.dtype().equals(FP8)) {
            checkScales(s.hfName(), e);
        }
    }

    /** An FP8 weight needs the config's block size and its scale tensor, one F32/BF16 value per block. */
    private void checkScales(String hfName, SafetensorsFile.Entry e) {
        int[] block = config.fp8BlockSize();
        if (block == null || e.shape().length != 2) {
            throw new CheckpointException(checkpoint.fileOf(hfName) + ": tensor " + hfName + " is " + FP8 + " "
                    + Arrays.toString(e.shape()) + "; expected a 2-D weight and a quantization_config with"
                    + " weight_block_size in " + checkpoint.configFile());
        }
        String scales = hfName + "_scale_inv";
        SafetensorsFile.Entry s = checkpoint.entry(scales);
        long[] expected = {ceilDiv(e.shape()[0], block[0]), ceilDiv(e.shape()[1], block[1])};
        if (s == null || !Arrays.equals(expected, s.shape()) || !(s.dtype().equals("F32") || s.dtype().equals("BF16"))) {
            throw new CheckpointException(String.format(Locale.ROOT, "checkpoint %s: FP8 tensor %s needs %s, F32 or"
                            + " BF16 %s (one scale per %d x %d block); found %s", checkpoint.dir(), hfName, scales,
                    Arrays.toString(expected), block[0], block[1], s == null ? "none"
                            : s.dtype() + " " + Arrays.toString(s.shape())));
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Portbench's tensor {@code t}: the checkpoint's values, widened to fp32, in portbench's [in, out] layout. */
    public float[] values(TensorSpec t) {
        Source s = source(t.name());
        float[] stored = checkpoint.floats(s.hfName());
        SafetensorsFile.Entry entry = checkpoint.entry(s.hfName());
        if (entry.dtype().equals(FP8)) {
            dequantise(stored, entry.shape(), checkpoint.floats(s.hfName() + "_scale_inv"), config.fp8BlockSize());
        }
        if (s.rows() != null || s.cols() != null) {
            stored = select(stored, checkpoint.entry(s.hfName()).shape(), s.rows(), s.cols());
        }
        if (!s.transposed()) {
            return stored;
        }
        int rows = t.shape()[1]; // stored [out, in]
        int cols = t.shape()[0];
        float[] out = new float[stored.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = stored[r * cols + c];
            }
        }
        return out;
    }

    /** w[r][c] · scale[r / block rows][c / block columns], in place, on the stored [R, C] layout. */
    private static void dequantise(float[] w, long[] shape, float[] scales, int[] block) {
        int cols = (int) shape[1];
        int scaleCols = (int) ceilDiv(cols, block[1]);
        for (int r = 0; r < shape[0]; r++) {
            for (int c = 0; c < cols; c++) {
                w[r * cols + c] *= scales[(r / block[0]) * scaleCols + c / block[1]];
            }
        }
    }

    /** The given rows and columns (null: all) of a stored [R, C] matrix, in the given order. */
    private static float[] select(float[] stored, long[] shape, int[] rows, int[] cols) {
        int storedCols = (int) shape[1];
        int[] r = rows != null ? rows : java.util.stream.IntStream.range(0, (int) shape[0]).toArray();
        int[] c = cols != null ? cols : java.util.stream.IntStream.range(0, storedCols).toArray();
        float[] out = new float[r.length * c.length];
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < c.length; j++) {
                out[i * c.length + j] = stored[r[i] * storedCols + c[j]];
            }
        }
        return out;
    }
}
