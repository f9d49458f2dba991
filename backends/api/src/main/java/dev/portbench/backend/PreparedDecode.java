package dev.portbench.backend;

/**
 * Greedy decoding bound ahead of time to a prompt and the tokens each step feeds, so that the timed calls are the
 * prompt's pass and one KV-cache step and nothing else. Steps walk through the given tokens one per call and start
 * again from the prompt's cache after the last, so their mean covers contexts prompt .. prompt + steps as a
 * generation would. What a call leaves behind is freed in {@link #release}, between timed calls.
 */
public interface PreparedDecode extends AutoCloseable {

    /** Timed: the prompt with an empty cache, whose last position gives the first token (time to first token). */
    void prompt();

    /** Timed: one new token per sequence through the cache (time per output token). */
    void step();

    /** Frees what the last timed call left behind, e.g. a cache no later step reads (untimed). */
    void release();

    /** The last timed call's outputs (the prompt's, or the step's one position), copied onto the heap (untimed). */
    ForwardOutputs outputs();

    @Override
    void close();
}
