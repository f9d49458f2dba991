package dev.portbench.scenarios.catalog;

import dev.portbench.scenarios.Checkpoint;
import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeOp;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.RouterSpec;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.SpecException;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.YarnScaling;
import dev.portbench.scenarios.checkpoint.CheckpointException;
import dev.portbench.scenarios.checkpoint.CheckpointModel;

import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scenario files: reads them into validated {@link Scenario}s and writes scenarios back. The records validate
 * themselves; this class points their {@link SpecException}s at the line of the key to blame.
 */
public final class ScenarioYaml {
    /** Top-level keys of a scenario of portbench's own decoder. */
    static final List<String> TOP_LEVEL_KEYS = List.of("name", "description", "seed", "model", "checkpoint", "layers",
            "moe_op", "prompt", "workloads");
    /** The key that makes a file a bring-your-own ONNX model, read by {@link ByoYaml}. */
    static final String ONNX_KEY = "onnx";
    /** Keys only a bring-your-own model has: named as such when they turn up without {@code onnx}. */
    static final List<String> BYO_ONLY_KEYS = List.of("inputs", "reference_backend");
    static final List<String> MODEL_KEYS = List.of("vocab_size", "hidden", "layers", "heads", "kv_heads", "head_dim",
            "ffn_hidden", "moe", "rope_theta", "rms_norm_eps", "max_seq_len", "qk_norm",
            "qkv_bias", "mla", "rope_scaling");
    static final List<String> MLA_KEYS = List.of("q_lora_rank", "kv_lora_rank", "qk_nope_head_dim",
            "qk_rope_head_dim", "v_head_dim", "form");
    static final List<String> ROPE_SCALING_KEYS = List.of("type", "factor", "original_max_position_embeddings",
            "beta_fast", "beta_slow", "mscale", "mscale_all_dim");
    static final List<String> MOE_KEYS = List.of("experts", "top_k", "expert_ffn_hidden", "shared_experts", "scoring",
            "norm_topk_prob", "routed_scaling_factor", "n_group", "topk_group", "correction_bias",
            "first_dense_layers", "moe_op");
    static final List<String> WORKLOAD_KEYS = List.of("name", "phase", "batch", "seq_len", "new_tokens");

    static final double DEFAULT_ROPE_THETA = 10_000.0;
    static final double DEFAULT_RMS_NORM_EPS = 1e-5;

    private ScenarioYaml() {
    }

    /** @param source the file path or resource name that errors report */
    public static Scenario parse(String source, Reader reader) {
        return read(source, reader).scenario();
    }

    public static Scenario load(Path file) {
        return read(file).scenario();
    }

    /** Like {@link #parse}, keeping where the scenario came from. */
    public static ScenarioFile read(String source, Reader reader) {
        return fromMap(YamlLoader.readMap(source, reader));
    }

    public static ScenarioFile read(Path file) {
        return fromMap(YamlLoader.readMap(file));
    }

    /**
     * Reads a file of either kind: a {@link ScenarioFile} of portbench's own decoder, or, when it has {@code onnx}, a
     * {@link ByoFile} whose paths are relative to the file's folder.
     *
     * @throws CatalogException for an invalid file, or an {@code onnx} or {@code npy} file that does not exist
     */
    public static CatalogFile readAny(Path file) {
        YamlMap root = YamlLoader.readMap(file);
        if (root.has(ONNX_KEY)) {
            rejectBothKinds(root);
            return ByoYaml.fromMap(root, file.toAbsolutePath().getParent());
        }
        return fromMap(root);
    }

    /** YAML that {@link #parse} reads back to an equal scenario. */
    public static String write(Scenario scenario) {
        return ScenarioWriter.write(scenario);
    }

    private static ScenarioFile fromMap(YamlMap root) {
        if (root.has(ONNX_KEY)) {
            rejectBothKinds(root);
            throw root.error(ONNX_KEY, "this file is a bring-your-own ONNX model, not a scenario of portbench's"
                    + " decoder; expected it to be read with ScenarioYaml.readAny or ScenarioCatalog.withFiles");
        }
        for (String key : BYO_ONLY_KEYS) {
            if (root.has(key)) {
                throw root.error(key, "'" + key + "' belongs to bring-your-own ONNX models, which need 'onnx: FILE'; "
                        + "expected one of: " + String.join(", ", TOP_LEVEL_KEYS));
            }
        }
        root.rejectUnknownKeys(TOP_LEVEL_KEYS);
        String name = root.requiredString("name");
        String description = root.optionalString("description").orElse("");
        long seed = root.optionalLong("seed", ScenarioCatalog.DEFAULT_SEED);
        Checkpoint checkpoint = checkpoint(root);
        ModelSpec model;
        if (checkpoint == null) {
            model = model(name, root);
        } else {
            CheckpointModel opened = openCheckpoint(root, checkpoint, name);
            model = opened.spec();
            if (description.isEmpty()) {
                description = String.format(java.util.Locale.ROOT, "%s checkpoint %s: %d of %d layers",
                        opened.config().architecture(), checkpoint.dir().getFileName(), model.layers(),
                        opened.checkpointLayers());
            }
        }
        List<YamlMap> workloadMaps = root.requiredListOfMaps("workloads");
        List<Workload> workloads = workloadMaps.stream().map(ScenarioYaml::workload).toList();
        try {
            Scenario s = new Scenario(name, description, model, workloads, seed, checkpoint, prompt(root));
            return new ScenarioFile(s, root.source(), root.lineOf("name"));
        } catch (SpecException e) {
            throw scenarioError(e, root, workloadMaps, workloads, model);
        }
    }

    /**
     * {@code checkpoint: DIR} (relative to the file's folder), {@code layers: N} and {@code moe_op}; null for a seeded
     * model. A checkpoint's spec comes from its config.json, so {@code model} must be absent.
     */
    private static Checkpoint checkpoint(YamlMap root) {
        if (!root.has("checkpoint")) {
            if (root.has("layers")) {
                throw root.error("layers", "layers keeps the first layers of a checkpoint; expected 'checkpoint: DIR'"
                        + " beside it (a seeded model sets model.layers)");
            }
            if (root.has("moe_op")) {
                throw root.error("moe_op", "a top-level moe_op is a checkpoint's; expected 'checkpoint: DIR' beside"
                        + " it (a seeded model sets model.moe.moe_op)");
            }
            return null;
        }
        if (root.has("model")) {
            throw root.error("checkpoint", "has both 'checkpoint' (line " + root.lineOf("checkpoint") + ") and 'model'"
                    + " (line " + root.lineOf("model") + "); expected one: a checkpoint's model comes from its"
                    + " config.json");
        }
        Path dir = Path.of(root.requiredString("checkpoint"));
        if (!dir.isAbsolute()) {
            Path file = Path.of(root.source()).toAbsolutePath();
            dir = file.getParent() == null ? dir : file.getParent().resolve(dir);
        }
        Integer layers = root.has("layers") ? root.requiredInt("layers") : null;
        try {
            MoeOp op = root.has("moe_op") ? MoeOp.fromId(root.requiredString("moe_op")) : MoeOp.LOOP;
            return new Checkpoint(dir, layers, op);
        } catch (SpecException e) {
            String field = e.field().orElse("checkpoint");
            throw located(root, field.equals("moe.moe_op") ? "moe_op" : field, e);
        }
    }

    /** {@code prompt: [ids...]}: token ids every workload's sequences start with; null when absent. */
    private static List<Long> prompt(YamlMap root) {
        if (!root.has("prompt")) {
            return null;
        }
        List<Long> ids = new ArrayList<>();
        for (YamlValue v : root.required("prompt", "a list of token ids").asList()) {
            ids.add(v.asLong());
        }
        return ids;
    }

    private static CheckpointModel openCheckpoint(YamlMap root, Checkpoint checkpoint, String name) {
        try {
            return checkpoint.open(name);
        } catch (CheckpointException e) {
            String key = e.getMessage().startsWith("layers = ") ? "layers" : "checkpoint";
            throw new CatalogException(root.source(), root.lineOf(key), root.fieldOf(key), e.getMessage(), e);
        } catch (SpecException e) {
            // moe_op fused with a router the fused op cannot express, or on a dense checkpoint: the line that asks
            String key = e.field().filter(f -> f.endsWith("moe_op")).isPresent() ? "moe_op" : "checkpoint";
            throw new CatalogException(root.source(), root.lineOf(key), root.fieldOf(key),
                    checkpoint.dir().resolve("config.json") + ": " + e.getMessage(), e);
        }
    }

    /** A file is one kind or the other; both keys at once is a mix-up worth naming. */
    private static void rejectBothKinds(YamlMap root) {
        if (root.has("model")) {
            throw root.error(ONNX_KEY, "has both 'onnx' (line " + root.lineOf(ONNX_KEY) + ") and 'model' (line "
                    + root.lineOf("model") + "); expected 'onnx' for a bring-your-own ONNX model or 'model' with"
                    + " 'workloads' for portbench's decoder, not both");
        }
    }

    private static ModelSpec model(String name, YamlMap root) {
        YamlMap m = root.requiredMap("model").rejectUnknownKeys(MODEL_KEYS);
        MoeSpec moe = m.optionalMap("moe").map(ScenarioYaml::moe).orElse(null);
        MlaSpec mla = m.optionalMap("mla").map(ScenarioYaml::mla).orElse(null);
        YarnScaling yarn = m.optionalMap("rope_scaling").map(ScenarioYaml::yarn).orElse(null);
        if (moe == null && !m.has("ffn_hidden")) {
            throw m.error("ffn_hidden", "missing; expected ffn_hidden for a dense model or a moe mapping for an MoE"
                    + " model");
        }
        if (moe != null && moe.firstDenseLayers() > 0 && !m.has("ffn_hidden")) {
            throw m.error("ffn_hidden", "missing; expected ffn_hidden, the FFN width of the first "
                    + moe.firstDenseLayers() + " dense layer(s) that moe.first_dense_layers asks for");
        }
        try {
            int heads = m.requiredInt("heads");
            // MLA implies both: every head has its own keys, each as wide as its query
            int kvHeads = mla == null ? m.requiredInt("kv_heads") : m.optionalInt("kv_heads", heads);
            int headDim = mla == null ? m.requiredInt("head_dim") : m.optionalInt("head_dim", mla.qkHeadDim());
            return new ModelSpec(name, m.requiredInt("vocab_size"), m.requiredInt("hidden"), m.requiredInt("layers"),
                    heads, kvHeads, headDim,
                    m.optionalInt("ffn_hidden", 0), moe, m.optionalDouble("rope_theta", DEFAULT_ROPE_THETA),
                    m.optionalDouble("rms_norm_eps", DEFAULT_RMS_NORM_EPS), m.requiredInt("max_seq_len"),
                    m.optionalBoolean("qk_norm", false), m.optionalBoolean("qkv_bias", false), mla, yarn);
        } catch (SpecException e) {
            String field = e.field().orElse("");
            // the model's name is the scenario's, written at the top level
            throw located(field.equals("name") ? root : m, field, e);
        }
    }

    /** YaRN as DeepSeek configures it; the defaults are those of DeepSeek's rotary embedding class. */
    private static YarnScaling yarn(YamlMap m) {
        m.rejectUnknownKeys(ROPE_SCALING_KEYS);
        String type = m.requiredString("type");
        if (!type.equals("yarn")) {
            throw m.error("type", "'" + type + "'; expected yarn, the only RoPE scaling portbench implements");
        }
        try {
            return new YarnScaling(m.requiredDouble("factor"), m.requiredInt("original_max_position_embeddings"),
                    m.optionalDouble("beta_fast", 32), m.optionalDouble("beta_slow", 1), m.optionalDouble("mscale", 1),
                    m.optionalDouble("mscale_all_dim", 0));
        } catch (SpecException e) {
            throw located(m, e.field().orElse("").replaceFirst("^rope_scaling\\.", ""), e);
        }
    }

    private static MlaSpec mla(YamlMap m) {
        m.rejectUnknownKeys(MLA_KEYS);
        try {
            return new MlaSpec(m.optionalInt("q_lora_rank", 0), m.requiredInt("kv_lora_rank"),
                    m.requiredInt("qk_nope_head_dim"), m.requiredInt("qk_rope_head_dim"), m.requiredInt("v_head_dim"),
                    m.has("form") ? MlaSpec.Form.fromId(m.requiredString("form")) : MlaSpec.Form.NAIVE);
        } catch (SpecException e) {
            throw located(m, e.field().orElse("").replaceFirst("^mla\\.", ""), e);
        }
    }

    private static MoeSpec moe(YamlMap m) {
        m.rejectUnknownKeys(MOE_KEYS);
        try {
            RouterSpec defaults = RouterSpec.SOFTMAX_TOP_K;
            RouterSpec router = new RouterSpec(
                    m.has("scoring") ? RouterSpec.Scoring.fromId(m.requiredString("scoring")) : defaults.scoring(),
                    m.optionalBoolean("norm_topk_prob", defaults.normTopK()),
                    m.optionalDouble("routed_scaling_factor", defaults.routedScaling()),
                    m.optionalInt("n_group", defaults.groups()), m.optionalInt("topk_group", defaults.topkGroups()),
                    m.optionalBoolean("correction_bias", defaults.correctionBias()));
            return new MoeSpec(m.requiredInt("experts"), m.requiredInt("top_k"), m.requiredInt("expert_ffn_hidden"),
                    m.optionalInt("shared_experts", 0), router, m.optionalInt("first_dense_layers", 0),
                    m.has("moe_op") ? MoeOp.fromId(m.requiredString("moe_op")) : MoeOp.LOOP);
        } catch (SpecException e) {
            throw located(m, e.field().orElse("").replaceFirst("^moe\\.", ""), e);
        }
    }

    private static Workload workload(YamlMap w) {
        w.rejectUnknownKeys(WORKLOAD_KEYS);
        try {
            String name = w.requiredString("name");
            Phase phase = Phase.fromId(w.required("phase", "one of " + Phase.ids()).asString());
            return new Workload(name, phase, w.requiredInt("batch"), w.requiredInt("seq_len"),
                    w.optionalInt("new_tokens", 0));
        } catch (SpecException e) {
            String field = e.field().orElse("");
            throw located(w, field.equals("workload") ? "name" : field, e);
        }
    }

    /** Scenario-level problems are about one workload: find it so the error points at its line. */
    private static CatalogException scenarioError(SpecException e, YamlMap root, List<YamlMap> maps,
                                                  List<Workload> workloads, ModelSpec model) {
        String field = e.field().orElse("");
        if (!field.equals("workloads")) {
            return located(root, field, e);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < workloads.size(); i++) {
            Workload w = workloads.get(i);
            if (!seen.add(w.name())) {
                return located(maps.get(i), "name", e);
            }
            if (w.maxContext() > model.maxSeqLen()) {
                String key = w.seqLen() > model.maxSeqLen() ? "seq_len" : "new_tokens";
                return located(maps.get(i), key, e);
            }
        }
        return located(root, "workloads", e);
    }

    private static CatalogException located(YamlMap map, String key, SpecException e) {
        String field = key.isEmpty() ? map.path() : map.fieldOf(key);
        int line = key.isEmpty() ? map.line() : map.lineOf(key);
        return new CatalogException(map.source(), line, field, e.getMessage(), e);
    }
}
