package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.BackendException;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.KvCache;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.Placement;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.ModelIo;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.TokenInputs;
import org.bytedeco.onnxruntime.OrtSession;
import org.bytedeco.onnxruntime.OrtValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One ORT session (made through the C API by {@link CannSessionFactory}) on portbench's exported graph, fed and read
 * the way the onnxruntime-cpu backend feeds and reads it, by the names in {@link ModelIo}: the prefill graph answers
 * {@link #run}, the decode graph {@link #step}. Outputs are copied into Java arrays. The timed forms are the SPI's
 * defaults, so a timed call here also makes the input tensor and copies the logits (see docs/architecture.md).
 */
final class CannSession implements Session {
    private final CannRuntime rt;
    private final NativeTensors tensors;
    private final OrtSession session;
    private final ModelSpec spec;
    private final long weightBytes;
    private final List<String> inputNames;
    private final boolean decodeGraph;
    private final CannPlacement placement;

    CannSession(CannRuntime rt, OrtSession session, ModelSpec spec, long weightBytes) {
        this(rt, session, spec, weightBytes, false);
    }

    /** @param profiled whether the session was created with ORT's profiler on (the accuracy pass's audit) */
    CannSession(CannRuntime rt, OrtSession session, ModelSpec spec, long weightBytes, boolean profiled) {
        this.rt = rt;
        this.placement = new CannPlacement(rt, session, profiled);
        this.tensors = new NativeTensors(rt);
        this.session = session;
        this.spec = spec;
        this.weightBytes = weightBytes;
        this.inputNames = CannCalls.inputNames(rt, session);
        this.decodeGraph = inputNames.contains(ModelIo.pastKey(0));
    }

    @Override
    public ForwardOutputs run(TokenInputs inputs) {
        if (decodeGraph) {
            throw new BackendException("this session loaded the decode graph of " + spec.name()
                    + "; run() needs the prefill graph (use step())");
        }
        List<String> outputs = forwardOutputNames();
        try (NativeTensors.Input ids = tensors.int64(inputs.ids(), inputs.shape())) {
            List<OrtValue> result = run(List.of(ModelIo.INPUT_IDS), List.of(ids.value), outputs);
            try {
                return forwardOutputs(outputs, result);
            } finally {
                result.forEach(tensors::release);
            }
        }
    }

    @Override
    public DecodeStep step(TokenInputs tokens, KvCache past) {
        if (!decodeGraph) {
            throw new BackendException("this session loaded the prefill graph of " + spec.name()
                    + "; step() needs the decode graph with past/present inputs");
        }
        CannKvCache pastCache = past == null ? emptyCache(tokens.batch()) : (CannKvCache) past;
        List<String> names = new ArrayList<>(List.of(ModelIo.INPUT_IDS));
        List<String> outputs = forwardOutputNames();
        for (int l = 0; l < spec.layers(); l++) {
            names.add(ModelIo.pastKey(l));
            names.add(ModelIo.pastValue(l));
            outputs.add(ModelIo.presentKey(l));
            outputs.add(ModelIo.presentValue(l));
        }
        try (NativeTensors.Input ids = tensors.int64(tokens.ids(), tokens.shape())) {
            List<OrtValue> feed = new ArrayList<>(List.of(ids.value));
            for (int l = 0; l < spec.layers(); l++) {
                feed.add(pastCache.keys(l));
                feed.add(pastCache.values(l));
            }
            List<OrtValue> result = run(names, feed, outputs);
            int forward = outputs.size() - 2 * spec.layers();
            try {
                ForwardOutputs out = forwardOutputs(outputs.subList(0, forward), result.subList(0, forward));
                List<OrtValue> keys = new ArrayList<>();
                List<OrtValue> values = new ArrayList<>();
                for (int l = 0; l < spec.layers(); l++) {
                    keys.add(result.get(forward + 2 * l));
                    values.add(result.get(forward + 2 * l + 1));
                }
                result.subList(0, forward).forEach(tensors::release);
                return new DecodeStep(out, new CannKvCache(tensors, keys, values,
                        pastCache.length() + tokens.seqLen()));
            } catch (RuntimeException e) {
                result.forEach(tensors::release);
                throw e;
            }
        } catch (CannStatusException e) {
            throw new BackendException("ONNX Runtime failed a decode step of " + spec.name() + " at position "
                    + pastCache.length() + ": " + e.getMessage(), e);
        } finally {
            if (past == null) {
                pastCache.close();
            }
        }
    }

    /** logits, then router_topk_L per MoE layer. */
    private List<String> forwardOutputNames() {
        List<String> names = new ArrayList<>(List.of(ModelIo.LOGITS));
        for (int l : spec.moeLayers()) {
            names.add(ModelIo.routerTopK(l));
        }
        return names;
    }

    private ForwardOutputs forwardOutputs(List<String> names, List<OrtValue> values) {
        OrtValue logits = values.get(0);
        OutputTensor out = OutputTensor.ofFloats(tensors.shape(logits), tensors.floats(logits, ModelIo.LOGITS));
        List<long[]> routing = new ArrayList<>();
        for (int i = 1; i < names.size(); i++) {
            routing.add(tensors.longs(values.get(i), names.get(i)));
        }
        return new ForwardOutputs(out, routing);
    }

    /** One Run through the C API; the outputs, in the order asked, belong to the caller. */
    private List<OrtValue> run(List<String> inputNames, List<OrtValue> inputs, List<String> outputNames) {
        try {
            return CannCalls.run(rt, session, inputNames, inputs, outputNames);
        } catch (CannStatusException e) {
            throw new BackendException("ONNX Runtime failed to run " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    /** Zero-length past tensors (the model's {@code KvCacheShape} at 0 positions) in the graph's cache type. */
    private CannKvCache emptyCache(int batch) {
        int type = tensors.inputElementType(session, inputNames.indexOf(ModelIo.pastKey(0)));
        List<OrtValue> keys = new ArrayList<>();
        List<OrtValue> values = new ArrayList<>();
        for (int l = 0; l < spec.layers(); l++) {
            keys.add(tensors.allocate(spec.kvCacheShape().keys(batch, 0), type));
            values.add(tensors.allocate(spec.kvCacheShape().values(batch, 0), type));
        }
        return new CannKvCache(tensors, keys, values, 0);
    }

    /** Where each node ran, read once from the profile of a session opened for the audit. */
    @Override
    public Optional<Placement> placement() {
        return placement.get();
    }

    @Override
    public long weightBytes() {
        return weightBytes;
    }

    @Override
    public void close() {
        rt.api.ReleaseSession(session);
        tensors.close();
    }
}
