package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.PreparedGraphRun;

import java.nio.file.Path;
import java.util.Map;

/**
 * A bring-your-own graph's run with its input tensors made once. Its outputs' shapes are the graph's business, so
 * ONNX Runtime allocates them inside the timed call (from its arena); reading them onto the heap is left out and
 * {@link #release} frees them untimed.
 */
final class OrtPreparedGraphRun implements PreparedGraphRun {
    private final OrtSession session;
    private final Path onnx;
    private final Map<String, OnnxTensor> feed;
    private OrtSession.Result last;

    OrtPreparedGraphRun(OrtSession session, Path onnx, Map<String, OnnxTensor> feed) {
        this.session = session;
        this.onnx = onnx;
        this.feed = feed;
    }

    @Override
    public void invoke() {
        try {
            last = session.run(feed);
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime failed to run " + onnx + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release() {
        if (last != null) {
            last.close();
            last = null;
        }
    }

    @Override
    public void close() {
        release();
        feed.values().forEach(OnnxTensor::close);
    }
}
