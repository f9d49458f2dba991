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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    OnnxGraphBuilder(String name) {
        graph.setName(name);
    }

    /** One node with one output; returns that output's name. */
    String op(String opType, List<String> inputs, AttributeProto... attributes) {
        return ops(opType, 1, inputs, attributes)[0];
    }

    String op(String opType, String... inputs) {
        return op(opType, Arrays.asList(inputs));
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
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addAllDims(Arrays.stream(shape).asLongStream().boxed().toList())
                .setRawData(ByteString.copyFrom(bytes.array())));
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
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("portbench")
                .setProducerVersion(producerVersion)
                .setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
    }
}
