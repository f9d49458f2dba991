package dev.portbench.backend;

import dev.portbench.scenarios.TokenInputs;

/**
 * {@link Session#prepareDecode} through {@link Session#step}, for sessions without a runtime-specific path: the prompt's
 * cache is made once; each step extends the previous step's cache, and {@link #release} closes caches no later step
 * reads and wraps around to the prompt's cache after the last step.
 */
final class SessionDecode implements PreparedDecode {
    private final Session session;
    private final TokenInputs prompt;
    private final long[][] stepTokens;
    private final KvCache promptCache;
    private KvCache cache;
    private KvCache spent;
    private KvCache lastPromptCache;
    private int step;
    private ForwardOutputs last;

    SessionDecode(Session session, TokenInputs prompt, long[][] stepTokens) {
        if (stepTokens.length == 0) {
            throw new IllegalArgumentException("a decode loop needs at least one step's tokens; got none");
        }
        this.session = session;
        this.prompt = prompt;
        this.stepTokens = stepTokens.clone();
        this.promptCache = session.step(prompt, null).cache();
        this.cache = promptCache;
    }

    @Override
    public void prompt() {
        release(); // a caller that skipped release() leaks nothing
        DecodeStep s = session.step(prompt, null);
        lastPromptCache = s.cache();
        last = s.outputs();
    }

    @Override
    public void step() {
        release(); // frees the previous step's spent cache and wraps around after the last step
        long[] next = stepTokens[step];
        DecodeStep s = session.step(new TokenInputs(next.length, 1, next), cache);
        if (cache != promptCache) {
            spent = cache;
        }
        cache = s.cache();
        last = s.outputs();
        step++;
    }

    @Override
    public void release() {
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
            throw new IllegalStateException("no prompt or step has run yet");
        }
        return last;
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
