package dev.portbench.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.portbench.backend.LayeredKvCache;

import java.util.List;

/** Keys and values per layer, [batch, kv_heads, positions, head_dim], owned by a manager of their own. */
final class DjlKvCache extends LayeredKvCache<NDArray> {
    private final NDManager manager;

    DjlKvCache(NDManager manager, List<NDArray> keys, List<NDArray> values, int length) {
        super(keys, values, length);
        this.manager = manager;
    }

    @Override
    protected void release(List<NDArray> keys, List<NDArray> values) {
        manager.close();
    }
}
