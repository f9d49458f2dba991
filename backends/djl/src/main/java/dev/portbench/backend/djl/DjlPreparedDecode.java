package dev.portbench.backend.djl;

import ai.djl.ndarray.NDManager;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.PreparedDecode;
import dev.portbench.scenarios.TokenInputs;

/**
 * Greedy decoding as {@link PreparedDecode} describes it, on NDArrays: the timed calls are the prompt's pass and one
 * cache step, each up to the device's last kernel; their logits stay on the device until {@link #outputs} copies
 * them, and {@link #release} frees the pass and the caches no later step reads, untimed.
 */
final class DjlPreparedDecode implements PreparedDecode {
    private final DjlSession session;
    private final NDManager parent;
    private final TokenInputs prompt;
    private final long[][] stepTokens;
    private final DjlKvCache promptCache;
    private DjlKvCache cache;
    private DjlKvCache spent;
    private DjlKvCache lastPromptCache;
    private DjlPass last;
    private int step;

    DjlPreparedDecode(DjlSession session, NDManager parent, TokenInputs prompt, long[][] stepTokens) {
        if (stepTokens.length == 0) {
            throw new IllegalArgumentException("a decode loop needs at least one step's tokens; got none");
        }
        this.session = session;
        this.parent = parent;
        this.prompt = prompt;
        this.stepTokens = stepTokens.clone();
        try (DjlPass first = session.pass(prompt, null, parent.newSubManager())) {
            this.promptCache = first.cache();
        }
        this.cache = promptCache;
    }

    @Override
    public void prompt() {
        release();
        last = session.pass(prompt, null, parent.newSubManager());
        lastPromptCache = last.cache();
        last.synchronise();
    }

    @Override
    public void step() {
        release(); // frees the previous step's spent cache and wraps around after the last step
        long[] next = stepTokens[step];
        last = session.pass(new TokenInputs(next.length, 1, next), cache, parent.newSubManager());
        if (cache != promptCache) {
            spent = cache;
        }
        cache = last.cache();
        step++;
        last.synchronise();
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
