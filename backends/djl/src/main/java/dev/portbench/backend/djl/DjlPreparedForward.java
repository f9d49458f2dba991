package dev.portbench.backend.djl;

import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.PreparedForward;
import dev.portbench.scenarios.TokenInputs;

/**
 * The timed call is the forward pass up to the device's last kernel (one logit read back waits for it); copying the
 * logits onto the heap is {@link #outputs}'s and freeing the pass's arrays {@link #release}'s, both untimed.
 */
final class DjlPreparedForward implements PreparedForward {
    private final DjlSession session;
    private final TokenInputs inputs;
    private DjlPass last;

    DjlPreparedForward(DjlSession session, TokenInputs inputs) {
        this.session = session;
        this.inputs = inputs;
    }

    @Override
    public void invoke() {
        release(); // a caller that skipped release() leaks nothing
        last = session.pass(inputs, null, null);
        last.synchronise();
    }

    @Override
    public void release() {
        if (last != null) {
            last.close();
            last = null;
        }
    }

    @Override
    public ForwardOutputs outputs() {
        if (last == null) {
            throw new IllegalStateException("no forward pass is held; call invoke() first (release() frees it)");
        }
        return last.outputs();
    }

    @Override
    public void close() {
        release();
    }
}
