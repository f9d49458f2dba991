package dev.portbench.backend;

import dev.portbench.scenarios.TokenInputs;

/**
 * {@link Session#prepare} for sessions that compute on the Java heap (the reference backends): the timed call is
 * {@link Session#run} itself, whose outputs are the arrays the forward pass wrote, so there is nothing to copy.
 */
final class SessionForward implements PreparedForward {
    private final Session session;
    private final TokenInputs inputs;
    private ForwardOutputs last;

    SessionForward(Session session, TokenInputs inputs) {
        this.session = session;
        this.inputs = inputs;
    }

    @Override
    public void invoke() {
        last = session.run(inputs);
    }

    @Override
    public void release() {
        // the outputs are ordinary heap arrays; the next invocation replaces them
    }

    @Override
    public ForwardOutputs outputs() {
        if (last == null) {
            throw new IllegalStateException("no forward pass has run yet; call invoke() first");
        }
        return last;
    }

    @Override
    public void close() {
        last = null;
    }
}
