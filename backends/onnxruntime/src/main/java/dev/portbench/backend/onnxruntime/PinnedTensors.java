package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.portbench.backend.BackendException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * Tensors over direct buffers that ONNX Runtime reads or writes in place: inputs made once before the timed calls, and
 * pinned outputs ({@code OrtSession.run(inputs, pinnedOutputs)}) that every run overwrites, so a timed run allocates
 * and copies nothing on the Java side.
 */
final class PinnedTensors {
    private PinnedTensors() {
    }

    /** A tensor and the direct buffer ONNX Runtime reads or writes in place. */
    record Pinned(OnnxTensor tensor, ByteBuffer buffer) implements AutoCloseable {
        /** The buffer's values as fp32 (for FLOAT tensors), copied onto the heap. */
        float[] floats() {
            FloatBuffer f = buffer.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
            float[] out = new float[f.remaining()];
            f.get(out);
            return out;
        }

        /** The buffer's values as int64 (for INT64 tensors), copied onto the heap. */
        long[] longs() {
            LongBuffer l = buffer.duplicate().order(ByteOrder.nativeOrder()).asLongBuffer();
            long[] out = new long[l.remaining()];
            l.get(out);
            return out;
        }

        @Override
        public void close() {
            tensor.close();
        }
    }

    /** A zero-filled tensor of {@code type} and {@code shape} over a direct buffer in native byte order. */
    static Pinned allocate(OrtEnvironment env, OnnxJavaType type, long[] shape) {
        return wrap(env, type, shape, buffer(type, shape));
    }

    /** An int64 tensor holding {@code values}, over a direct buffer. */
    static Pinned longs(OrtEnvironment env, long[] values, long[] shape) {
        ByteBuffer buffer = buffer(OnnxJavaType.INT64, shape);
        buffer.duplicate().order(ByteOrder.nativeOrder()).asLongBuffer().put(values);
        return wrap(env, OnnxJavaType.INT64, shape, buffer);
    }

    /**
     * A tensor of {@code shape} over the first bytes of {@code backing} (a direct buffer allocated by
     * {@link #bytes} for the largest shape it serves): tensors of growing length share one buffer, because a
     * [batch, heads, length, dim] tensor is one contiguous block whatever its length.
     */
    static Pinned view(OrtEnvironment env, OnnxJavaType type, long[] shape, ByteBuffer backing) {
        long bytes = Math.multiplyExact(elements(shape), (long) type.size);
        if (bytes > backing.capacity()) {
            throw new BackendException("a pinned " + type + " tensor of shape " + Arrays.toString(shape) + " needs "
                    + bytes + " bytes; its buffer holds " + backing.capacity());
        }
        ByteBuffer slice = backing.duplicate().position(0).limit((int) bytes).slice().order(ByteOrder.nativeOrder());
        return wrap(env, type, shape, slice);
    }

    /** A zero-filled direct buffer in native byte order for a tensor of {@code type} and {@code shape}. */
    static ByteBuffer bytes(OnnxJavaType type, long[] shape) {
        return buffer(type, shape);
    }

    private static long elements(long[] shape) {
        long elements = 1;
        for (long d : shape) {
            elements = Math.multiplyExact(elements, d);
        }
        return elements;
    }

    private static ByteBuffer buffer(OnnxJavaType type, long[] shape) {
        long bytes = Math.multiplyExact(elements(shape), (long) type.size);
        if (bytes > Integer.MAX_VALUE) {
            throw new BackendException("a pinned " + type + " tensor of shape " + Arrays.toString(shape) + " needs "
                    + bytes + " bytes; one direct buffer holds at most " + Integer.MAX_VALUE);
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    private static Pinned wrap(OrtEnvironment env, OnnxJavaType type, long[] shape, ByteBuffer buffer) {
        try {
            return new Pinned(OnnxTensor.createTensor(env, buffer, shape, type), buffer);
        } catch (OrtException e) {
            throw new BackendException("ONNX Runtime could not wrap a pinned " + type + " tensor of shape "
                    + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }
}
