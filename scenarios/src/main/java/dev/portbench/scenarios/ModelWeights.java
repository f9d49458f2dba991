package dev.portbench.scenarios;

import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * The fp32 weights of one model, made on first use and kept: generated from the seed, or read from a checkpoint
 * ({@link Source}) for a scenario that names one.
 */
public final class ModelWeights {
    /** Where a tensor's values come from. */
    @FunctionalInterface
    public interface Source {
        float[] values(TensorSpec tensor);
    }

    private final WeightLayout layout;
    private final long seed;
    private final Source source;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    /** Seeded weights. */
    public ModelWeights(WeightLayout layout, long seed) {
        this(layout, seed, t -> t.generate(seed));
    }

    /** Weights from {@code source}, e.g. a checkpoint; {@code seed} is the scenario's (its inputs use it). */
    public ModelWeights(WeightLayout layout, long seed, Source source) {
        this.layout = layout;
        this.seed = seed;
        this.source = source;
    }

    public WeightLayout layout() {
        return layout;
    }

    public long seed() {
        return seed;
    }

    /** The values of one tensor; callers must not modify the returned array. */
    public float[] get(String name) {
        return cache.computeIfAbsent(name, n -> source.values(layout.tensor(n)));
    }

    /**
     * The values of one tensor without keeping them: for writers that stream a large model tensor by tensor, so the
     * whole model never sits in memory at once. Returns the kept copy if there is one.
     */
    public float[] generateOnce(String name) {
        float[] kept = cache.get(name);
        return kept != null ? kept : source.values(layout.tensor(name));
    }

    /** Drops the generated values, e.g. once a backend holds its own copy. */
    public void release() {
        cache.clear();
    }
}
