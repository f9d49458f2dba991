package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.PreparedForward;
import dev.portbench.scenarios.ModelIo;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.TokenInputs;

import java.util.Map;

/**
 * A prefill pass whose input tensor is made once and whose outputs are pinned: the timed {@link #invoke} is one
 * {@code OrtSession.run} that writes logits and routing in place, with no Java-side allocation or copy.
 */
final class OrtPreparedForward implements PreparedForward {
    private final OrtSession session;
    private final ModelSpec spec;
    private final PinnedTensors.Pinned ids;
    private final OrtPinnedOutputs outputs;
    private final Map<String, OnnxTensor> feed;
    private final Map<String, OnnxTensor> pinned;
    private OrtSession.Result last;

    /** @param logitPositions positions per sequence whose logits the graph returns: seq_len, or 1 (the last) */
    OrtPreparedForward(OrtEnvironment env, OrtSession session, ModelSpec spec, TokenInputs inputs,
                       int logitPositions) {
        this.session = session;
        this.spec = spec;
        this.ids = PinnedTensors.longs(env, inputs.ids(), inputs.shape());
        try {
            this.outputs = new OrtPinnedOutputs(env, session, spec, inputs.batch(), inputs.seqLen(), logitPositions);
        } catch (RuntimeException e) {
            ids.close();
            throw e;
        }
        this.feed = Map.of(ModelIo.INPUT_IDS, ids.tensor());
        this.pinned = outputs.asMap();
    }

    /** For the overhead benchmark (OrtOverheadLoop): the very session, inputs and pinned outputs of this pass. */
    OrtSession session() {
        return session;
    }

    Map<String, OnnxTensor> feed() {
        return feed;
    }

    Map<String, OnnxTensor> pinned() {
        return pinned;
    }

    @Override
    public void invoke() {
        try {
            last = session.run(feed, pinned);
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime failed to run " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release() {
        if (last != null) {
            last.close(); // owns none of the pinned outputs, which stay valid
            last = null;
        }
    }

    @Override
    public ForwardOutputs outputs() {
        return outputs.read();
    }

    @Override
    public void close() {
        release();
        outputs.close();
        ids.close();
    }
}
