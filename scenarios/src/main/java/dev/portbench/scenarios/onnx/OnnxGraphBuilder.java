package dev.portbench.scenarios.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.util.Arrays;
import java.util.List;

/**
 * A thin layer over Tribuo's ONNX protobuf classes: nodes with generated unique output names, initializers from Java
 * arrays, and typed graph inputs and outputs with symbolic dimensions. It knows nothing of transformers.
 */
final class OnnxGraphBuilder {
    /** Opset 18: every Reduce* op takes its axes as an input, ScatterND has reduction="add". */
    static final int OPSET = 18;
    /** IR version 8 is the first that carries opset 18. */
    static final int IR_VERSION = 8;

    /** ONNX Runtime's contrib-op domain, and the version of it whose ops the export uses. */
    static final String MICROSOFT_DOMAIN = "com.microsoft";
    static final int MICROSOFT_OPSET = 1;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final TensorStore store;
    private int counter;
    private boolean usesMicrosoftDomain;

    OnnxGraphBuilder(String name, TensorStore store) {
        graph.setName(name);
        this.store = store;
    }

    OnnxGraphBuilder(String name) {
        this(name, TensorStore.inline());
    }

    /** One node with one output; returns that output's name. */
    String op(String opType, List<String> inputs, AttributeProto... attributes) {
        return ops(opType, 1, inputs, attributes)[0];
    }

    String op(String opType, String... inputs) {
        return op(opType, Arrays.asList(inputs));
    }

    /** One node of ONNX Runtime's contrib domain with one output; the model then imports that domain. */
    String microsoftOp(String opType, List<String> inputs, AttributeProto... attributes) {
        usesMicrosoftDomain = true;
        String name = op(opType, inputs, attributes);
        int last = graph.getNodeCount() - 1;
        graph.setNode(last, graph.getNode(last).toBuilder().setDomain(MICROSOFT_DOMAIN));
        return name;
    }

    /** One node with {@code outputs} outputs; returns their names. */
    String[] ops(String opType, int outputs, List<String> inputs, AttributeProto... attributes) {
        int id = counter++;
        String[] names = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            names[i] = opType.toLowerCase(java.util.Locale.ROOT) + "_" + id + (outputs > 1 ? "_" + i : "");
        }
        graph.addNode(NodeProto.newBuilder()
                .setName(opType + "_" + id)
                .setOpType(opType)
                .addAllInput(inputs)
                .addAllOutput(Arrays.asList(names))
                .addAllAttribute(Arrays.asList(attributes)));
        return names;
    }

    /** Renames a value to a graph output name through an Identity node. */
    void identity(String input, String outputName) {
        graph.addNode(NodeProto.newBuilder().setName("Identity_" + outputName).setOpType("Identity")
                .addInput(input).addOutput(outputName));
    }

    String floats(String name, int[] shape, float[] values) {
        return floats(name, shape, values, TensorProto.DataType.FLOAT);
    }

    /** An initializer from fp32 values stored as FLOAT, FLOAT16 or BFLOAT16 (rounded to nearest even). */
    String floats(String name, int[] shape, float[] values, TensorProto.DataType type) {
        TensorStore.Encoder encoder = switch (type) {
            case FLOAT -> (dst, i) -> dst.putFloat(values[i]);
            case FLOAT16 -> (dst, i) -> dst.putShort(LowPrecision.toFp16(values[i]));
            case BFLOAT16 -> (dst, i) -> dst.putShort(LowPrecision.toBf16(values[i]));
            default -> throw new IllegalArgumentException("floats stored as " + type
                    + "; expected FLOAT, FLOAT16 or BFLOAT16");
        };
        return initializer(name, shape, type, values.length, type == TensorProto.DataType.FLOAT ? 4 : 2, encoder);
    }

    /** An int8 initializer (quantised weights). */
    String int8(String name, int[] shape, byte[] values) {
        return initializer(name, shape, TensorProto.DataType.INT8, values.length, 1, (dst, i) -> dst.put(values[i]));
    }

    private String initializer(String name, int[] shape, TensorProto.DataType type, long elements, int width,
                               TensorStore.Encoder encoder) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .addAllDims(Arrays.stream(shape).asLongStream().boxed().toList());
        store.place(t, elements, width, encoder);
        graph.addInitializer(t);
        return name;
    }

    /** A 1-D int64 constant (shapes, axes, indices). */
    String longs(long... values) {
        String name = "const_i64_" + counter++;
        graph.addInitializer(TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length)
                .addAllInt64Data(Arrays.stream(values).boxed().toList()));
        return name;
    }

    /** A scalar float constant. */
    String scalar(float value) {
        String name = "const_f32_" + counter++;
        graph.addInitializer(TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addFloatData(value));
        return name;
    }

    /** A scalar constant of a floating type (FLOAT, FLOAT16 or BFLOAT16), always stored inline. */
    String scalar(float value, TensorProto.DataType type) {
        if (type == TensorProto.DataType.FLOAT) {
            return scalar(value);
        }
        String name = "const_" + type.name().toLowerCase(java.util.Locale.ROOT) + "_" + counter++;
        short bits = type == TensorProto.DataType.FLOAT16 ? LowPrecision.toFp16(value) : LowPrecision.toBf16(value);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(new byte[] {(byte) bits, (byte) (bits >>> 8)})));
        return name;
    }

    /** A scalar int64 constant. */
    String scalar(long value) {
        String name = "const_i64_" + counter++;
        graph.addInitializer(TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addInt64Data(value));
        return name;
    }

    void input(String name, TensorProto.DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    void output(String name, TensorProto.DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    /** Dimensions are Integers (fixed) or Strings (symbolic). */
    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Integer fixed) {
                dim.setDimValue(fixed);
            } else {
                dim.setDimParam((String) d);
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto attr(String name, long[] values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    static AttributeProto attr(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR)
                .setT(value).build();
    }

    ModelProto model(String producerVersion, String docString) {
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("portbench")
                .setProducerVersion(producerVersion)
                .setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        if (usesMicrosoftDomain) {
            model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(MICROSOFT_DOMAIN)
                    .setVersion(MICROSOFT_OPSET));
        }
        return model.setGraph(graph).build();
    }
}
