package dev.portbench.backend;

import dev.portbench.scenarios.TokenInputs;

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

    /** Bytes of weights this session holds (host or device). */
    long weightBytes();

    @Override
    void close();
}
