package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.portbench.backend.KvCache;

import java.util.List;

/**
 * The present_key/present_value tensors of one ORT run, kept in native memory and fed back as the next step's past.
 * Closing it closes the run's result (or, for the empty cache, the tensors it made).
 */
final class OrtKvCache implements KvCache {
    private final OrtSession.Result owner;
    private final List<OnnxTensor> keys;
    private final List<OnnxTensor> values;
    private final int length;
    private boolean closed;

    OrtKvCache(OrtSession.Result owner, List<OnnxTensor> keys, List<OnnxTensor> values, int length) {
        this.owner = owner;
        this.keys = List.copyOf(keys);
        this.values = List.copyOf(values);
        this.length = length;
    }

    OnnxTensor keys(int layer) {
        checkOpen();
        return keys.get(layer);
    }

    OnnxTensor values(int layer) {
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
        if (owner != null) {
            owner.close();
        } else {
            keys.forEach(OnnxTensor::close);
            values.forEach(OnnxTensor::close);
        }
    }
}
