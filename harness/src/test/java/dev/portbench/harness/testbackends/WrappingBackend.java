package dev.portbench.harness.testbackends;

import dev.portbench.backend.Backend;

import java.util.Map;

/** A test backend that is another backend with its sessions changed: every other answer is the wrapped one's. */
abstract class WrappingBackend implements Backend {
    final Backend wrapped;

    WrappingBackend(Backend wrapped) {
        this.wrapped = wrapped;
    }

    @Override
    public String runtimeVersion() {
        return wrapped.runtimeVersion();
    }

    @Override
    public String device() {
        return wrapped.device();
    }

    @Override
    public int threads() {
        return wrapped.threads();
    }

    @Override
    public Map<String, String> appliedOptions() {
        return wrapped.appliedOptions();
    }

    @Override
    public void close() {
        wrapped.close();
    }
}
