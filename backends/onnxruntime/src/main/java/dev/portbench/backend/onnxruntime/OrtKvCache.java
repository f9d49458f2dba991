package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.portbench.backend.LayeredKvCache;

import java.util.List;

/**
 * The present_key/present_value tensors of one ORT run, kept in native memory and fed back as the next step's past.
 * Closing it closes the run's result (or, for the empty cache, the tensors it made).
 */
final class OrtKvCache extends LayeredKvCache<OnnxTensor> {
    private final OrtSession.Result owner;

    OrtKvCache(OrtSession.Result owner, List<OnnxTensor> keys, List<OnnxTensor> values, int length) {
        super(keys, values, length);
        this.owner = owner;
    }

    @Override
    protected void release(List<OnnxTensor> keys, List<OnnxTensor> values) {
        if (owner != null) {
            owner.close();
        } else {
            keys.forEach(OnnxTensor::close);
            values.forEach(OnnxTensor::close);
        }
    }
}
