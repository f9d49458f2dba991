package dev.portbench.backend;

import dev.portbench.scenarios.TokenInputs;

/**
 * Greedy decoding as {@link PreparedDecode} describes it, for any runtime whose passes return a new cache: the
 * prompt's cache is made once; each step extends the previous step's cache, and {@link #release} closes the last
 * pass, the caches no later step reads, and wraps around to the prompt's cache after the last step.
 *
 * @param <P> what one pass leaves behind: its outputs (copied onto the heap when asked) and its cache
 */
public final class KvCacheWalk<P extends KvCacheWalk.Pass> implements PreparedDecode {

    /** One pass's results. Closing frees what the pass holds except its cache, which the walk closes itself. */
    public interface Pass extends AutoCloseable {
        KvCache cache();

        /** The pass's outputs, on the heap. */
        ForwardOutputs outputs();

        @Override
        void close();
    }

    /** Runs {@code tokens} after {@code past} (null: none): the timed call. */
    @FunctionalInterface
    public interface Stepper<P> {
        P run(TokenInputs tokens, KvCache past);
    }

    private final Stepper<P> stepper;
    private final TokenInputs prompt;
    private final long[][] stepTokens;
    private final KvCache promptCache;
    private KvCache cache;
    private KvCache spent;
    private KvCache lastPromptCache;
    private P last;
    private int step;

    public KvCacheWalk(Stepper<P> stepper, TokenInputs prompt, long[][] stepTokens) {
        if (stepTokens.length == 0) {
            throw new IllegalArgumentException("a decode loop needs at least one step's tokens; got none");
        }
        this.stepper = stepper;
        this.prompt = prompt;
        this.stepTokens = stepTokens.clone();
        try (P first = stepper.run(prompt, null)) {
            this.promptCache = first.cache();
        }
        this.cache = promptCache;
    }

    @Override
    public void prompt() {
        release(); // a caller that skipped release() leaks nothing
        last = stepper.run(prompt, null);
        lastPromptCache = last.cache();
    }

    @Override
    public void step() {
        release(); // frees the previous step's spent cache and wraps around after the last step
        long[] next = stepTokens[step];
        last = stepper.run(new TokenInputs(next.length, 1, next), cache);
        if (cache != promptCache) {
            spent = cache;
        }
        cache = last.cache();
        step++;
    }

    @Override
    public void release() {
        if (last != null) {
            last.close();
            last = null;
        }
        if (lastPromptCache != null) {
            lastPromptCache.close();
            lastPromptCache = null;
        }
        if (spent != null) {
            spent.close();
            spent = null;
        }
        if (step == stepTokens.length) {
            if (cache != promptCache) {
                cache.close();
            }
            cache = promptCache;
            step = 0;
        }
    }

    @Override
    public ForwardOutputs outputs() {
        if (last == null) {
            throw new IllegalStateException("no prompt or step is held; call prompt() or step() first");
        }
        return last.outputs();
    }

    @Override
    public void close() {
        release();
        if (cache != promptCache) {
            cache.close();
        }
        promptCache.close();
    }
}
