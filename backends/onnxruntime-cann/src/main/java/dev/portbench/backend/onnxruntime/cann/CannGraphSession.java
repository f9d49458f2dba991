package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.BackendException;
import dev.portbench.backend.GraphSession;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.Placement;
import dev.portbench.backend.PreparedGraphRun;
import dev.portbench.scenarios.byo.InputTensor;
import org.bytedeco.onnxruntime.OrtSession;
import org.bytedeco.onnxruntime.OrtValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.bytedeco.onnxruntime.global.onnxruntime.ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE;
import static org.bytedeco.onnxruntime.global.onnxruntime.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;

/**
 * One ORT session (made through the C API by {@link CannSessionFactory}) on any ONNX graph: a bring-your-own model,
 * or the device peak's matrix-product chain. Every call builds the input tensors and copies the floating-point outputs
 * into Java arrays, as onnxruntime-cpu's graph sessions do; outputs of other types are run and left out.
 */
final class CannGraphSession implements GraphSession {
    private final CannRuntime rt;
    private final NativeTensors tensors;
    private final OrtSession session;
    private final Path onnx;
    private final List<String> outputNames;
    private final CannPlacement placement;

    /** @param profiled whether the session was created with ORT's profiler on (the accuracy pass's audit) */
    CannGraphSession(CannRuntime rt, OrtSession session, Path onnx, boolean profiled) {
        this.rt = rt;
        this.tensors = new NativeTensors(rt);
        this.session = session;
        this.onnx = onnx;
        this.placement = new CannPlacement(rt, session, profiled);
        this.outputNames = CannCalls.outputNames(rt, session);
    }

    @Override
    public Map<String, OutputTensor> run(List<InputTensor> inputs) {
        List<NativeTensors.Input> made = inputTensors(inputs);
        try {
            List<OrtValue> result = CannCalls.run(rt, session, inputs.stream().map(InputTensor::name).toList(),
                    made.stream().map(m -> m.value).toList(), outputNames);
            try {
                return floatingPointOutputs(result);
            } finally {
                result.forEach(tensors::release);
            }
        } catch (CannStatusException e) {
            throw new BackendException("ONNX Runtime failed to run " + onnx + ": " + e.getMessage(), e);
        } finally {
            made.forEach(NativeTensors.Input::close);
        }
    }

    /**
     * The inputs' native tensors made once; the timed {@link PreparedGraphRun#invoke} is the C API's {@code Run} alone,
     * its outputs left in ORT's memory and released untimed, as onnxruntime-cpu's prepared graph runs are.
     */
    @Override
    public PreparedGraphRun prepare(List<InputTensor> inputs) {
        List<NativeTensors.Input> made = inputTensors(inputs);
        List<String> names = inputs.stream().map(InputTensor::name).toList();
        List<OrtValue> values = made.stream().map(m -> m.value).toList();
        return new PreparedGraphRun() {
            private List<OrtValue> outputs = List.of();

            @Override
            public void invoke() {
                try {
                    outputs = CannCalls.run(rt, session, names, values, outputNames);
                } catch (CannStatusException e) {
                    throw new BackendException("ONNX Runtime failed to run " + onnx + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void release() {
                outputs.forEach(tensors::release);
                outputs = List.of();
            }

            @Override
            public void close() {
                release();
                made.forEach(NativeTensors.Input::close);
            }
        };
    }

    /** One native tensor per input, each name once; on any failure the tensors made so far are released. */
    private List<NativeTensors.Input> inputTensors(List<InputTensor> inputs) {
        List<NativeTensors.Input> made = new ArrayList<>();
        try {
            Set<String> names = new HashSet<>();
            for (InputTensor in : inputs) {
                if (!names.add(in.name())) {
                    throw new BackendException("input '" + in.name() + "' was given twice for " + onnx
                            + "; expected each input once");
                }
                made.add(tensors.input(in));
            }
            return made;
        } catch (RuntimeException e) {
            made.forEach(NativeTensors.Input::close);
            throw e;
        }
    }

    /** fp32 and fp64 tensors, in the graph's output order; other outputs are skipped (see GraphSession#run). */
    private Map<String, OutputTensor> floatingPointOutputs(List<OrtValue> values) {
        Map<String, OutputTensor> out = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            OrtValue v = values.get(i);
            String name = outputNames.get(i);
            int type = tensors.elementType(v);
            if (type == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
                out.put(name, OutputTensor.ofFloats(tensors.shape(v), tensors.floats(v, name)));
            } else if (type == ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE) {
                out.put(name, OutputTensor.ofDoubles(tensors.shape(v), tensors.doubles(v, name)));
            }
        }
        return out;
    }

    /** Where each node ran, read once from the profile of a session opened for the audit. */
    @Override
    public Optional<Placement> placement() {
        return placement.get();
    }

    @Override
    public void close() {
        rt.api.ReleaseSession(session);
        tensors.close();
    }
}
