package dev.portbench.backend;

import dev.portbench.scenarios.TokenInputs;

import java.util.Optional;

/**
 * A model loaded on a backend, for one workload's phase. Runs are timed from outside: a session never times itself.
 * A session opened for a prefill workload answers {@link #run}; one opened for a decode workload answers {@link #step}.
 */
public interface Session extends AutoCloseable {

    /** One forward pass over whole sequences, no cache. */
    ForwardOutputs run(TokenInputs inputs);

    /**
     * Feeds {@code tokens} [batch, n] after the positions in {@code past} (null: none, so this is the prompt) and returns
     * their outputs with the extended cache. {@code past} stays valid and unchanged.
     */
    DecodeStep step(TokenInputs tokens, KvCache past);

    /**
     * Binds a forward pass to {@code inputs} so that the timed call is the inference alone. Sessions whose runtime can
     * pre-allocate outputs (ONNX Runtime's pinned outputs) override this; the default times {@link #run}.
     */
    default PreparedForward prepare(TokenInputs inputs) {
        return new SessionForward(this, inputs);
    }

    /**
     * Binds greedy decoding to a prompt and each step's tokens ({@code stepTokens[t]}: one token per sequence), so the
     * timed calls are the prompt's pass and one cache step. The default steps through {@link #step}.
     */
    default PreparedDecode prepareDecode(TokenInputs prompt, long[][] stepTokens) {
        return new KvCacheWalk<>((tokens, past) -> new HeapPass(step(tokens, past)), prompt, stepTokens);
    }

    /**
     * Where the graph's nodes ran during this session's runs, for a session opened with {@link Backend#openAudited};
     * empty where the backend cannot tell (a pure-Java backend has no graph) or the session was not audited. Ends the
     * audit: call it once, after the runs to audit.
     */
    default Optional<Placement> placement() {
        return Optional.empty();
    }

    /** Bytes of weights this session holds (host or device). */
    long weightBytes();

    @Override
    void close();
}
