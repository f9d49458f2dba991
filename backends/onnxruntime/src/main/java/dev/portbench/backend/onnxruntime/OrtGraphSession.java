package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.Placement;
import dev.portbench.backend.GraphSession;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.PreparedGraphRun;
import dev.portbench.scenarios.byo.InputTensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One ORT session on a bring-your-own graph. Every call builds the input tensors and copies the floating-point outputs
 * into Java arrays, as a real caller would.
 */
final class OrtGraphSession implements GraphSession {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Path onnx;
    private final OrtAudit audit;

    OrtGraphSession(OrtEnvironment env, OrtSession session, Path onnx, OrtAudit audit) {
        this.env = env;
        this.audit = audit;
        this.session = session;
        this.onnx = onnx;
    }

    @Override
    public Map<String, OutputTensor> run(List<InputTensor> inputs) {
        Map<String, OnnxTensor> feed = feed(inputs);
        try (OrtSession.Result result = session.run(feed)) {
            return floatingPointOutputs(result);
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime failed to run " + onnx + ": " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public PreparedGraphRun prepare(List<InputTensor> inputs) {
        return new OrtPreparedGraphRun(session, onnx, feed(inputs));
    }

    /** One tensor per input, by name; on any failure the tensors made so far are closed. */
    private Map<String, OnnxTensor> feed(List<InputTensor> inputs) {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (InputTensor in : inputs) {
                if (feed.containsKey(in.name())) {
                    throw new BackendException("input '" + in.name() + "' was given twice for " + onnx
                            + "; expected each input once");
                }
                feed.put(in.name(), tensor(in));
            }
            return feed;
        } catch (OrtException | RuntimeException e) {
            feed.values().forEach(OnnxTensor::close);
            throw e instanceof BackendException b ? b
                    : new BackendException("ONNX Runtime could not build the inputs of " + onnx + ": " + e.getMessage(), e);
        }
    }

    private OnnxTensor tensor(InputTensor in) throws OrtException {
        long[] shape = in.shape();
        return switch (in.type()) {
            case FLOAT32 -> OnnxTensor.createTensor(env, FloatBuffer.wrap(in.floats()), shape);
            case FLOAT64 -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(in.doubles()), shape);
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(in.longs()), shape);
            case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap(in.ints()), shape);
        };
    }

    /** fp32 and fp64 tensors, in the graph's output order; other outputs are skipped (see GraphSession#run). */
    private static Map<String, OutputTensor> floatingPointOutputs(OrtSession.Result result) {
        Map<String, OutputTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : result) {
            if (!(e.getValue() instanceof OnnxTensor t)) {
                continue;
            }
            long[] shape = t.getInfo().getShape();
            if (t.getInfo().type == OnnxJavaType.FLOAT) {
                FloatBuffer b = t.getFloatBuffer();
                float[] v = new float[b.remaining()];
                b.get(v);
                out.put(e.getKey(), OutputTensor.ofFloats(shape, v));
            } else if (t.getInfo().type == OnnxJavaType.DOUBLE) {
                DoubleBuffer b = t.getDoubleBuffer();
                double[] v = new double[b.remaining()];
                b.get(v);
                out.put(e.getKey(), OutputTensor.ofDoubles(shape, v));
            }
        }
        return out;
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
            throw new BackendException("ONNX Runtime failed to close the session for " + onnx, e);
        }
    }
}
