package dev.portbench.scenarios;

import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/** The seeded fp32 weights of one model, generated on first use and kept. */
public final class ModelWeights {
    private final WeightLayout layout;
    private final long seed;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    public ModelWeights(WeightLayout layout, long seed) {
        this.layout = layout;
        this.seed = seed;
    }

    public WeightLayout layout() {
        return layout;
    }

    public long seed() {
        return seed;
    }

    /** The values of one tensor; callers must not modify the returned array. */
    public float[] get(String name) {
        return cache.computeIfAbsent(name, n -> layout.tensor(n).generate(seed));
    }

    /**
     * The values of one tensor without keeping them: for writers that stream a large model tensor by tensor, so the
     * whole model never sits in memory at once. Returns the kept copy if there is one.
     */
    public float[] generateOnce(String name) {
        float[] kept = cache.get(name);
        return kept != null ? kept : layout.tensor(name).generate(seed);
    }

    /** Drops the generated values, e.g. once a backend holds its own copy. */
    public void release() {
        cache.clear();
    }
}
