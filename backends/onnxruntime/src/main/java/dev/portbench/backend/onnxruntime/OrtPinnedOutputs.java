package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.OutputTensor;
import dev.portbench.scenarios.ModelIo;
import dev.portbench.scenarios.ModelSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logits and (MoE) router outputs of a forward pass over {@code tokens} positions, pre-allocated once and written
 * in place by every run: [batch, tokens, vocab] fp32 logits and per MoE layer [batch·tokens, top_k] int64 expert
 * indices.
 */
final class OrtPinnedOutputs implements AutoCloseable {
    private final long[] logitsShape;
    private final PinnedTensors.Pinned logits;
    /** The layers whose routing the graph outputs, in the order of {@link #routing}. */
    private final int[] moeLayers;
    private final List<PinnedTensors.Pinned> routing = new ArrayList<>();

    OrtPinnedOutputs(OrtEnvironment env, OrtSession session, ModelSpec spec, int batch, int tokens) {
        this(env, session, spec, batch, tokens, tokens);
    }

    /** @param logitPositions positions per sequence the logits hold: {@code tokens}, or 1 for the last one's */
    OrtPinnedOutputs(OrtEnvironment env, OrtSession session, ModelSpec spec, int batch, int tokens,
                     int logitPositions) {
        requireType(session, ModelIo.LOGITS, OnnxJavaType.FLOAT);
        logitsShape = new long[] {batch, logitPositions, spec.vocabSize()};
        logits = PinnedTensors.allocate(env, OnnxJavaType.FLOAT, logitsShape);
        moeLayers = spec.moeLayers();
        try {
            for (int i = 0; i < moeLayers.length; i++) {
                routing.add(PinnedTensors.allocate(env, OnnxJavaType.INT64, new long[] {(long) batch * tokens,
                        spec.moe().topK()}));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Adds these outputs, by graph output name, to a run's pinned outputs. */
    void addTo(Map<String, OnnxTensor> pinned) {
        pinned.put(ModelIo.LOGITS, logits.tensor());
        for (int i = 0; i < routing.size(); i++) {
            pinned.put(ModelIo.routerTopK(moeLayers[i]), routing.get(i).tensor());
        }
    }

    Map<String, OnnxTensor> asMap() {
        Map<String, OnnxTensor> m = new LinkedHashMap<>();
        addTo(m);
        return m;
    }

    /** What the last run wrote, copied onto the heap. */
    ForwardOutputs read() {
        List<long[]> experts = new ArrayList<>();
        for (PinnedTensors.Pinned r : routing) {
            experts.add(r.longs());
        }
        return new ForwardOutputs(OutputTensor.ofFloats(logitsShape, logits.floats()), experts);
    }

    /** The element type the graph declares for {@code output}, which must be {@code expected} to be pinned. */
    static OnnxJavaType requireType(OrtSession session, String output, OnnxJavaType expected) {
        OnnxJavaType type = outputType(session, output);
        if (type != expected) {
            throw new BackendException("graph output '" + output + "' is " + type + "; expected " + expected);
        }
        return type;
    }

    static OnnxJavaType outputType(OrtSession session, String output) {
        try {
            NodeInfo info = session.getOutputInfo().get(output);
            if (info == null || !(info.getInfo() instanceof TensorInfo t)) {
                throw new BackendException("the graph has no tensor output '" + output + "'");
            }
            return t.type;
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime could not describe output '" + output + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        logits.close();
        routing.forEach(PinnedTensors.Pinned::close);
    }
}
