package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.ModelIo;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.TokenInputs;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One ORT session on an exported model; every run copies the outputs into Java arrays, as a real caller would. */
final class OrtCpuSession implements Session {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelSpec spec;
    private final long weightBytes;

    OrtCpuSession(OrtEnvironment env, OrtSession session, ModelSpec spec, long weightBytes) {
        this.env = env;
        this.session = session;
        this.spec = spec;
        this.weightBytes = weightBytes;
    }

    @Override
    public ForwardOutputs run(TokenInputs inputs) {
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(inputs.ids()), inputs.shape());
             OrtSession.Result result = session.run(Map.of(ModelIo.INPUT_IDS, ids))) {
            OnnxTensor logits = tensor(result, ModelIo.LOGITS);
            FloatBuffer buffer = logits.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            List<long[]> routing = new ArrayList<>();
            if (spec.isMoe()) {
                for (int l = 0; l < spec.layers(); l++) {
                    LongBuffer idx = tensor(result, ModelIo.routerTopK(l)).getLongBuffer();
                    long[] copy = new long[idx.remaining()];
                    idx.get(copy);
                    routing.add(copy);
                }
            }
            return new ForwardOutputs(OutputTensor.ofFloats(logits.getInfo().getShape(), values), routing);
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime failed to run " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    private OnnxTensor tensor(OrtSession.Result result, String name) {
        OnnxValue v = result.get(name).orElseThrow(() -> new BackendException(
                "ONNX Runtime returned no output '" + name + "' for " + spec.name()));
        if (!(v instanceof OnnxTensor t)) {
            throw new BackendException("output '" + name + "' is a " + v.getType() + "; expected a tensor");
        }
        return t;
    }

    @Override
    public long weightBytes() {
        return weightBytes;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime failed to close the session for " + spec.name(), e);
        }
    }
}
