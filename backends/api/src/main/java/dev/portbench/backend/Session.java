package dev.portbench.backend;

import dev.portbench.scenarios.TokenInputs;

/** A model loaded on a backend. Runs are timed from outside: a session never times itself. */
public interface Session extends AutoCloseable {

    ForwardOutputs run(TokenInputs inputs);

    /** Bytes of weights this session holds (host or device). */
    long weightBytes();

    @Override
    void close();
}
