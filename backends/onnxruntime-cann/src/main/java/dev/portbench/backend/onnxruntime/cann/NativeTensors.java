package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.scenarios.byo.InputTensor;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.onnxruntime.OrtAllocator;
import org.bytedeco.onnxruntime.OrtMemoryInfo;
import org.bytedeco.onnxruntime.OrtTensorTypeAndShapeInfo;
import org.bytedeco.onnxruntime.OrtTypeInfo;
import org.bytedeco.onnxruntime.OrtValue;

import static org.bytedeco.onnxruntime.global.onnxruntime.ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE;
import static org.bytedeco.onnxruntime.global.onnxruntime.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
import static org.bytedeco.onnxruntime.global.onnxruntime.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtArenaAllocator;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtMemTypeDefault;

/** Tensors in and out of ORT's C API: made from Java arrays, read back into Java arrays, released. */
final class NativeTensors {
    private final CannRuntime rt;
    private final OrtMemoryInfo cpu;
    private final OrtAllocator allocator;

    NativeTensors(CannRuntime rt) {
        this.rt = rt;
        PointerPointer<OrtMemoryInfo> info = new PointerPointer<>(1);
        rt.check(rt.api.CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, info), "CreateCpuMemoryInfo");
        this.cpu = info.get(OrtMemoryInfo.class);
        PointerPointer<OrtAllocator> alloc = new PointerPointer<>(1);
        rt.check(rt.api.GetAllocatorWithDefaultOptions(alloc), "GetAllocatorWithDefaultOptions");
        this.allocator = alloc.get(OrtAllocator.class);
    }

    /** An int64 tensor over a native copy of {@code values}; closing it releases both. */
    Input int64(long[] values, long[] shape) {
        LongPointer data = new LongPointer(values);
        PointerPointer<OrtValue> out = new PointerPointer<>(1);
        rt.check(rt.api.CreateTensorWithDataAsOrtValue(cpu, data, (long) values.length * Long.BYTES,
                new LongPointer(shape), shape.length, ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64, out),
                "CreateTensorWithDataAsOrtValue int64 " + java.util.Arrays.toString(shape));
        return new Input(out.get(OrtValue.class), data);
    }

    /** A bring-your-own model's input over a native copy of its values, of its own element type. */
    Input input(InputTensor in) {
        long[] shape = in.shape();
        Pointer data = switch (in.type()) {
            case FLOAT32 -> new FloatPointer(in.floats());
            case FLOAT64 -> new DoublePointer(in.doubles());
            case INT64 -> new LongPointer(in.longs());
            case INT32 -> new IntPointer(in.ints());
        };
        PointerPointer<OrtValue> out = new PointerPointer<>(1);
        try {
            rt.check(rt.api.CreateTensorWithDataAsOrtValue(cpu, data, data.limit() * data.sizeof(),
                    new LongPointer(shape), shape.length, in.type().onnxType(), out),
                    "CreateTensorWithDataAsOrtValue " + in.type().id() + " " + java.util.Arrays.toString(shape));
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
        return new Input(out.get(OrtValue.class), data);
    }

    /** A tensor ORT allocates, e.g. an empty cache [batch, kv_heads, 0, head_dim]; release with {@link #release}. */
    OrtValue allocate(long[] shape, int elementType) {
        PointerPointer<OrtValue> out = new PointerPointer<>(1);
        rt.check(rt.api.CreateTensorAsOrtValue(allocator, new LongPointer(shape), shape.length, elementType, out),
                "CreateTensorAsOrtValue " + java.util.Arrays.toString(shape));
        return out.get(OrtValue.class);
    }

    long[] shape(OrtValue value) {
        PointerPointer<OrtTensorTypeAndShapeInfo> out = new PointerPointer<>(1);
        rt.check(rt.api.GetTensorTypeAndShape(value, out), "GetTensorTypeAndShape");
        OrtTensorTypeAndShapeInfo info = out.get(OrtTensorTypeAndShapeInfo.class);
        try {
            return dims(info);
        } finally {
            rt.api.ReleaseTensorTypeAndShapeInfo(info);
        }
    }

    private long[] dims(OrtTensorTypeAndShapeInfo info) {
        SizeTPointer rank = new SizeTPointer(1);
        rt.check(rt.api.GetDimensionsCount(info, rank), "GetDimensionsCount");
        long[] dims = new long[(int) rank.get()];
        rt.check(rt.api.GetDimensions(info, dims, dims.length), "GetDimensions");
        return dims;
    }

    int elementType(OrtValue value) {
        PointerPointer<OrtTensorTypeAndShapeInfo> out = new PointerPointer<>(1);
        rt.check(rt.api.GetTensorTypeAndShape(value, out), "GetTensorTypeAndShape");
        OrtTensorTypeAndShapeInfo info = out.get(OrtTensorTypeAndShapeInfo.class);
        try {
            int[] type = new int[1];
            rt.check(rt.api.GetTensorElementType(info, type), "GetTensorElementType");
            return type[0];
        } finally {
            rt.api.ReleaseTensorTypeAndShapeInfo(info);
        }
    }

    /** The element type a session input is declared with (e.g. the KV cache's fp32 or fp16). */
    int inputElementType(org.bytedeco.onnxruntime.OrtSession session, long index) {
        PointerPointer<OrtTypeInfo> out = new PointerPointer<>(1);
        rt.check(rt.api.SessionGetInputTypeInfo(session, index, out), "SessionGetInputTypeInfo");
        OrtTypeInfo typeInfo = out.get(OrtTypeInfo.class);
        try {
            PointerPointer<OrtTensorTypeAndShapeInfo> cast = new PointerPointer<>(1);
            rt.check(rt.api.CastTypeInfoToTensorInfo(typeInfo, cast), "CastTypeInfoToTensorInfo");
            int[] type = new int[1];
            // the cast info belongs to typeInfo: not released on its own
            rt.check(rt.api.GetTensorElementType(cast.get(OrtTensorTypeAndShapeInfo.class), type),
                    "GetTensorElementType");
            return type[0];
        } finally {
            rt.api.ReleaseTypeInfo(typeInfo);
        }
    }

    float[] floats(OrtValue value, String name) {
        float[] out = new float[elements(value, ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, name, "float")];
        new FloatPointer(data(value)).capacity(out.length).get(out);
        return out;
    }

    double[] doubles(OrtValue value, String name) {
        double[] out = new double[elements(value, ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE, name, "double")];
        new DoublePointer(data(value)).capacity(out.length).get(out);
        return out;
    }

    long[] longs(OrtValue value, String name) {
        long[] out = new long[elements(value, ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64, name, "int64")];
        new LongPointer(data(value)).capacity(out.length).get(out);
        return out;
    }

    /** How many values an output of the expected element type holds (one Java array's worth at most). */
    private int elements(OrtValue value, int expected, String name, String expectedName) {
        requireType(value, expected, name, expectedName);
        return Math.toIntExact(count(shape(value)));
    }

    private void requireType(OrtValue value, int expected, String name, String expectedName) {
        int type = elementType(value);
        if (type != expected) {
            throw new dev.portbench.backend.BackendException("output '" + name + "' has ONNX element type " + type
                    + "; expected " + expectedName);
        }
    }

    private Pointer data(OrtValue value) {
        PointerPointer<Pointer> out = new PointerPointer<>(1);
        rt.check(rt.api.GetTensorMutableData(value, out), "GetTensorMutableData");
        return out.get();
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    void release(OrtValue value) {
        if (value != null && !value.isNull()) {
            rt.api.ReleaseValue(value);
        }
    }

    void close() {
        rt.api.ReleaseMemoryInfo(cpu);
    }

    /** An input tensor and the native memory it reads from, released together. */
    final class Input implements AutoCloseable {
        final OrtValue value;
        private final Pointer data;

        private Input(OrtValue value, Pointer data) {
            this.value = value;
            this.data = data;
        }

        @Override
        public void close() {
            release(value);
            data.close();
        }
    }
}
