package dev.portbench.backend;

import java.util.List;

/**
 * A KV cache as runtimes hold it: one key and one value tensor per layer, of some native tensor type, fed back as
 * the next step's past. Using a closed cache is an error, not a crash in native code; closing twice is harmless.
 *
 * @param <T> the runtime's tensor type
 */
public abstract class LayeredKvCache<T> implements KvCache {
    private final List<T> keys;
    private final List<T> values;
    private final int length;
    private boolean closed;

    protected LayeredKvCache(List<T> keys, List<T> values, int length) {
        this.keys = List.copyOf(keys);
        this.values = List.copyOf(values);
        this.length = length;
    }

    public final T keys(int layer) {
        checkOpen();
        return keys.get(layer);
    }

    public final T values(int layer) {
        checkOpen();
        return values.get(layer);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this KV cache was closed; a step needs an open cache");
        }
    }

    @Override
    public final int length() {
        return length;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        release(keys, values);
    }

    /** Frees the tensors, once. */
    protected abstract void release(List<T> keys, List<T> values);
}
