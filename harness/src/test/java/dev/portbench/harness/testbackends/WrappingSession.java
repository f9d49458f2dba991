package dev.portbench.harness.testbackends;

import dev.portbench.backend.Session;

/** A test session that changes what another session's passes return or take; its weights are the wrapped one's. */
abstract class WrappingSession implements Session {
    final Session wrapped;

    WrappingSession(Session wrapped) {
        this.wrapped = wrapped;
    }

    @Override
    public long weightBytes() {
        return wrapped.weightBytes();
    }

    @Override
    public void close() {
        wrapped.close();
    }
}
