package dev.portbench.backend.onnxruntime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * The smallest graph that proves an execution provider works: {@code y = x + x} on a float[4]. ORT's provider list
 * says what was compiled in, not what works; registering the provider loads its library, and creating a session
 * with CPU fallback disabled and running it needs the device itself.
 */
final class ProbeModel {
    static final String INPUT = "x";
    static final String OUTPUT = "y";
    static final long[] SHAPE = {4};

    private ProbeModel() {
    }

    static byte[] bytes() {
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("portbench probe")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(GraphProto.newBuilder()
                        .setName("probe")
                        .addNode(NodeProto.newBuilder().setOpType("Add").setName("probe_add")
                                .addInput(INPUT).addInput(INPUT).addOutput(OUTPUT))
                        .addInput(floatVector(INPUT))
                        .addOutput(floatVector(OUTPUT)))
                .build().toByteArray();
    }

    private static ValueInfoProto floatVector(String name) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(
                        TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder()
                                .setDimValue(SHAPE[0]))))).build();
    }
}
