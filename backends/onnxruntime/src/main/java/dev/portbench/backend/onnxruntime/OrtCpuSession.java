package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.Placement;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.KvCache;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.PreparedDecode;
import dev.portbench.backend.PreparedForward;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.LogitPositions;
import dev.portbench.scenarios.ModelIo;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.TokenInputs;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One ORT session on an exported graph: the prefill graph answers {@link #run} and {@link #prepare}, the decode graph
 * {@link #step} and {@link #prepareDecode}. {@code run} and {@code step} (the accuracy pass) copy logits and routing
 * into Java arrays; the prepared forms, which are timed, write into pinned outputs and copy nothing.
 */
final class OrtCpuSession implements Session {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelSpec spec;
    private final long weightBytes;
    private final boolean decodeGraph;
    private final OrtAudit audit;
    private final LogitPositions logits;

    OrtCpuSession(OrtEnvironment env, OrtSession session, ModelSpec spec, long weightBytes, OrtAudit audit,
                  LogitPositions logits) {
        this.env = env;
        this.audit = audit;
        this.session = session;
        this.spec = spec;
        this.weightBytes = weightBytes;
        this.decodeGraph = session.getInputNames().contains(ModelIo.pastKey(0));
        this.logits = logits;
        checkLogitPositions(session, logits);
    }

    /** The graph's logits [batch, seq or 1, vocab] must be what the artifact says it returns. */
    private static void checkLogitPositions(OrtSession session, LogitPositions logits) {
        try {
            long[] shape = ((TensorInfo) session.getOutputInfo().get(ModelIo.LOGITS).getInfo()).getShape();
            boolean lastOnly = shape.length == 3 && shape[1] == 1;
            if (lastOnly != (logits == LogitPositions.LAST)) {
                throw new BackendException("the graph's logits have shape " + java.util.Arrays.toString(shape)
                        + " (-1: symbolic); expected " + (logits == LogitPositions.LAST ? "[batch, 1, vocab], the"
                        + " last position's" : "[batch, seq, vocab], every position's"));
            }
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime could not describe the graph's logits: " + e.getMessage(), e);
        }
    }

    @Override
    public ForwardOutputs run(TokenInputs inputs) {
        if (decodeGraph) {
            throw new BackendException("this session loaded the decode graph of " + spec.name()
                    + "; run() needs the prefill graph (use step())");
        }
        try (OnnxTensor ids = ids(inputs);
             OrtSession.Result result = session.run(Map.of(ModelIo.INPUT_IDS, ids))) {
            return outputs(result);
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime failed to run " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    /** Inputs made once, outputs pinned: the timed call is {@code OrtSession.run} alone. */
    @Override
    public PreparedForward prepare(TokenInputs inputs) {
        if (decodeGraph) {
            throw new BackendException("this session loaded the decode graph of " + spec.name()
                    + "; prepare() needs the prefill graph (use prepareDecode())");
        }
        return new OrtPreparedForward(env, session, spec, inputs, logits.count(inputs.seqLen()));
    }

    /** Every input, cache and output tensor made once, so each timed step is {@code OrtSession.run} alone. */
    @Override
    public PreparedDecode prepareDecode(TokenInputs prompt, long[][] stepTokens) {
        if (!decodeGraph) {
            throw new BackendException("this session loaded the prefill graph of " + spec.name()
                    + "; prepareDecode() needs the decode graph with past/present inputs");
        }
        return new OrtPreparedDecode(env, session, spec, prompt, stepTokens, logits.count(prompt.seqLen()));
    }

    @Override
    public DecodeStep step(TokenInputs tokens, KvCache past) {
        if (!decodeGraph) {
            throw new BackendException("this session loaded the prefill graph of " + spec.name()
                    + "; step() needs the decode graph with past/present inputs");
        }
        OrtKvCache pastCache = past == null ? emptyCache(tokens.batch()) : (OrtKvCache) past;
        Map<String, OnnxTensor> feed = new HashMap<>();
        try (OnnxTensor ids = ids(tokens)) {
            feed.put(ModelIo.INPUT_IDS, ids);
            for (int l = 0; l < spec.layers(); l++) {
                feed.put(ModelIo.pastKey(l), pastCache.keys(l));
                feed.put(ModelIo.pastValue(l), pastCache.values(l));
            }
            OrtSession.Result result = session.run(feed);
            try {
                ForwardOutputs out = outputs(result);
                List<OnnxTensor> keys = new ArrayList<>();
                List<OnnxTensor> values = new ArrayList<>();
                for (int l = 0; l < spec.layers(); l++) {
                    keys.add(tensor(result, ModelIo.presentKey(l)));
                    values.add(tensor(result, ModelIo.presentValue(l)));
                }
                return new DecodeStep(out, new OrtKvCache(result, keys, values,
                        pastCache.length() + tokens.seqLen()));
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime failed a decode step of " + spec.name() + " at position "
                    + pastCache.length() + ": " + e.getMessage(), e);
        } finally {
            if (past == null) {
                pastCache.close();
            }
        }
    }

    /** Zero-length past tensors (the model's {@code KvCacheShape} at 0 positions) in the graph's cache type. */
    private OrtKvCache emptyCache(int batch) {
        try {
            NodeInfo info = session.getInputInfo().get(ModelIo.pastKey(0));
            OnnxJavaType type = ((TensorInfo) info.getInfo()).type;
            List<OnnxTensor> keys = new ArrayList<>();
            List<OnnxTensor> values = new ArrayList<>();
            for (int l = 0; l < spec.layers(); l++) {
                keys.add(OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0),
                        spec.kvCacheShape().keys(batch, 0), type));
                values.add(OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0),
                        spec.kvCacheShape().values(batch, 0), type));
            }
            return new OrtKvCache(null, keys, values, 0);
        } catch (OrtException e) {
            throw new BackendException("could not create an empty KV cache for " + spec.name() + ": "
                    + e.getMessage(), e);
        }
    }

    private OnnxTensor ids(TokenInputs inputs) throws OrtException {
        return OnnxTensor.createTensor(env, LongBuffer.wrap(inputs.ids()), inputs.shape());
    }

    private ForwardOutputs outputs(OrtSession.Result result) {
        OnnxTensor logits = tensor(result, ModelIo.LOGITS);
        FloatBuffer buffer = logits.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        List<long[]> routing = new ArrayList<>();
        for (int l : spec.moeLayers()) {
            LongBuffer idx = tensor(result, ModelIo.routerTopK(l)).getLongBuffer();
            long[] copy = new long[idx.remaining()];
            idx.get(copy);
            routing.add(copy);
        }
        return new ForwardOutputs(OutputTensor.ofFloats(logits.getInfo().getShape(), values), routing);
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
    public Optional<Placement> placement() {
        return audit.placement(session);
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
