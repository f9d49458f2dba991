package dev.portbench.scenarios;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in scenarios. The tiny pair is for tests; the small pair takes seconds per cell on a 2-core CPU and has
 * equal active FFN parameters (dense FFN width 768 = top-2 × expert width 384), so their ratio isolates what MoE
 * dispatch costs.
 */
public final class ScenarioCatalog {
    public static final long DEFAULT_SEED = 20260101L;
    private static final double ROPE_THETA = 10_000.0;
    private static final double RMS_EPS = 1e-5;

    private final Map<String, Scenario> scenarios = new LinkedHashMap<>();

    private ScenarioCatalog() {
        add("dense-tiny", "dense decoder, 2 layers, width 64: for tests",
                dense("dense-tiny", 256, 64, 2, 4, 2, 16, 128, 64), Workload.prefill(2, 16), Workload.decode(2, 8, 8));
        add("moe-tiny", "MoE decoder, 2 layers, 4 experts top-2 plus a shared expert: for tests",
                moe("moe-tiny", 256, 64, 2, 4, 2, 16, new MoeSpec(4, 2, 64, 1), 64), Workload.prefill(2, 16),
                Workload.decode(2, 8, 8));
        add("dense-small", "dense decoder, 4 layers, width 256, FFN 768",
                dense("dense-small", 2048, 256, 4, 8, 2, 32, 768, 256), Workload.prefill(1, 128),
                Workload.decode(1, 64, 32));
        add("moe-small", "MoE decoder, 4 layers, width 256, 8 experts of 384 top-2 (active FFN = dense-small's)",
                moe("moe-small", 2048, 256, 4, 8, 2, 32, new MoeSpec(8, 2, 384, 0), 256), Workload.prefill(1, 128),
                Workload.decode(1, 64, 32));
    }

    private static final ScenarioCatalog BUILT_IN = new ScenarioCatalog();

    public static ScenarioCatalog builtIn() {
        return BUILT_IN;
    }

    private static ModelSpec dense(String name, int vocab, int hidden, int layers, int heads, int kvHeads,
                                   int headDim, int ffn, int maxSeq) {
        return new ModelSpec(name, vocab, hidden, layers, heads, kvHeads, headDim, ffn, null, ROPE_THETA, RMS_EPS, maxSeq);
    }

    private static ModelSpec moe(String name, int vocab, int hidden, int layers, int heads, int kvHeads,
                                 int headDim, MoeSpec moe, int maxSeq) {
        return new ModelSpec(name, vocab, hidden, layers, heads, kvHeads, headDim, 0, moe, ROPE_THETA, RMS_EPS, maxSeq);
    }

    private void add(String name, String description, ModelSpec model, Workload... workloads) {
        scenarios.put(name, new Scenario(name, description, model, List.of(workloads), DEFAULT_SEED));
    }

    public List<String> names() {
        return List.copyOf(scenarios.keySet());
    }

    public List<Scenario> all() {
        return List.copyOf(scenarios.values());
    }

    public Optional<Scenario> find(String name) {
        return Optional.ofNullable(scenarios.get(name));
    }
}
