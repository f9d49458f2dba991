package dev.portbench.backend;

/**
 * A bring-your-own graph's forward pass bound to its inputs ahead of time: input tensors are built when it is
 * prepared, the timed {@link #invoke} runs the graph, and {@link #release} frees its outputs untimed.
 */
public interface PreparedGraphRun extends AutoCloseable {

    /** The timed call: one forward pass over the bound inputs. */
    void invoke();

    /** Frees what the last {@link #invoke} left behind (untimed). */
    void release();

    @Override
    void close();
}
