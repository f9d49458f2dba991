package dev.portbench.backend;

/**
 * The keys and values of every position a session has seen, owned by the session that made it. A cache is never
 * changed by a step: {@link Session#step} returns a new one, so the same cache can be stepped from again (the
 * time-per-token benchmark restarts from the prompt's cache). Close each cache once it is no longer needed.
 */
public interface KvCache extends AutoCloseable {

    /** Positions held: the prompt plus every token stepped so far. */
    int length();

    @Override
    void close();
}
