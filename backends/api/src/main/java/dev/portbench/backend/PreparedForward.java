package dev.portbench.backend;

/**
 * One forward pass bound to its inputs ahead of time, so that the timed call is the inference and nothing else:
 * building input tensors happens when it is prepared, copying outputs onto the Java heap in {@link #outputs}, and
 * freeing what a call left behind in {@link #release}; none of these is timed.
 */
public interface PreparedForward extends AutoCloseable {

    /** The timed call: one forward pass over the bound inputs. Its outputs stay where the runtime put them. */
    void invoke();

    /** Frees what the last {@link #invoke} left behind (untimed; called between timed calls). */
    void release();

    /** The last invocation's outputs, copied onto the Java heap (untimed). */
    ForwardOutputs outputs();

    @Override
    void close();
}
