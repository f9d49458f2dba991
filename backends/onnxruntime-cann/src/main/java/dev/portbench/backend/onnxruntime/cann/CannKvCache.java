package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.LayeredKvCache;
import org.bytedeco.onnxruntime.OrtValue;

import java.util.List;

/**
 * The present_key/present_value tensors of one run (or the empty tensors of a prompt's first step), held by ORT and
 * fed back as the next step's past; closing the cache releases them.
 */
final class CannKvCache extends LayeredKvCache<OrtValue> {
    private final NativeTensors tensors;

    CannKvCache(NativeTensors tensors, List<OrtValue> keys, List<OrtValue> values, int length) {
        super(keys, values, length);
        this.tensors = tensors;
    }

    @Override
    protected void release(List<OrtValue> keys, List<OrtValue> values) {
        keys.forEach(tensors::release);
        values.forEach(tensors::release);
    }
}
