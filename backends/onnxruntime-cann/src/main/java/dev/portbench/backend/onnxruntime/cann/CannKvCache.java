package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.KvCache;
import org.bytedeco.onnxruntime.OrtValue;

import java.util.List;

/**
 * The present_key/present_value tensors of one run (or the empty tensors of a prompt's first step), held by ORT and
 * fed back as the next step's past; closing the cache releases them.
 */
final class CannKvCache implements KvCache {
    private final NativeTensors tensors;
    private final List<OrtValue> keys;
    private final List<OrtValue> values;
    private final int length;
    private boolean closed;

    CannKvCache(NativeTensors tensors, List<OrtValue> keys, List<OrtValue> values, int length) {
        this.tensors = tensors;
        this.keys = List.copyOf(keys);
        this.values = List.copyOf(values);
        this.length = length;
    }

    OrtValue keys(int layer) {
        checkOpen();
        return keys.get(layer);
    }

    OrtValue values(int layer) {
        checkOpen();
        return values.get(layer);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this KV cache was closed; a step needs an open cache");
        }
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        keys.forEach(tensors::release);
        values.forEach(tensors::release);
    }
}
