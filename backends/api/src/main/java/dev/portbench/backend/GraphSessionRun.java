package dev.portbench.backend;

import dev.portbench.scenarios.byo.InputTensor;

import java.util.List;

/** {@link GraphSession#prepare} for sessions without a runtime-specific path: the timed call is {@link GraphSession#run}. */
final class GraphSessionRun implements PreparedGraphRun {
    private final GraphSession session;
    private final List<InputTensor> inputs;

    GraphSessionRun(GraphSession session, List<InputTensor> inputs) {
        this.session = session;
        this.inputs = List.copyOf(inputs);
    }

    @Override
    public void invoke() {
        session.run(inputs);
    }

    @Override
    public void release() {
        // run() returned heap copies, which the garbage collector frees
    }

    @Override
    public void close() {
        // nothing held
    }
}
