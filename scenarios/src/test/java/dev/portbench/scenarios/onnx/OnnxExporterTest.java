package dev.portbench.scenarios.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.MoeOp;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.RouterSpec;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TensorSpec;
import dev.portbench.scenarios.WeightLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxExporterTest {

    @TempDir
    Path dir;

    private static ModelWeights weights(ModelSpec spec) {
        return new ModelWeights(WeightLayout.of(spec), 1);
    }

    private static ModelWeights moeTiny() {
        return ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow().weights();
    }

    /** A small MoE model with {@code experts} experts, top-2, 3 layers. */
    private static ModelSpec moe(int experts, int shared) {
        return new ModelSpec("moe-" + experts, 32, 16, 3, 2, 1, 8, 0, new MoeSpec(experts, 2, 8, shared),
                1e4, 1e-5, 8);
    }

    private static long count(ModelProto model, String opType) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(opType)).count();
    }

    @Test
    void usesOpset18AndIrVersion8() {
        ModelProto model = OnnxExporter.build(moeTiny());
        assertEquals(8, model.getIrVersion());
        assertEquals(1, model.getOpsetImportCount());
        assertEquals("", model.getOpsetImport(0).getDomain());
        assertEquals(18, model.getOpsetImport(0).getVersion());
    }

    @Test
    void moeGraphTakesInputIdsAndReturnsLogitsAndRoutingPerLayer() {
        ModelProto model = OnnxExporter.build(moeTiny());
        List<ValueInfoProto> inputs = model.getGraph().getInputList();
        assertEquals(List.of("input_ids"), inputs.stream().map(ValueInfoProto::getName).toList());
        assertEquals(TensorProto.DataType.INT64.getNumber(), inputs.get(0).getType().getTensorType().getElemType());

        List<ValueInfoProto> outputs = model.getGraph().getOutputList();
        assertEquals(List.of("logits", "router_topk_0", "router_topk_1"),
                outputs.stream().map(ValueInfoProto::getName).toList());
        assertEquals(TensorProto.DataType.FLOAT.getNumber(), outputs.get(0).getType().getTensorType().getElemType());
        assertEquals(256, outputs.get(0).getType().getTensorType().getShape().getDim(2).getDimValue());
        assertEquals(TensorProto.DataType.INT64.getNumber(), outputs.get(1).getType().getTensorType().getElemType());
        assertEquals(2, outputs.get(1).getType().getTensorType().getShape().getDim(1).getDimValue()); // top_k
    }

    @Test
    void denseGraphReturnsOnlyLogitsAndHasNoDispatch() {
        ModelProto model = OnnxExporter.build(ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow().weights());
        assertEquals(List.of("logits"), model.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList());
        assertEquals(0, count(model, "ScatterND"));
        assertEquals(0, count(model, "TopK"));
    }

    @Test
    void everyWeightTensorIsAnInitializerWithItsShapeAndLittleEndianValues() {
        ModelWeights weights = moeTiny();
        ModelProto model = OnnxExporter.build(weights);
        Map<String, TensorProto> init = model.getGraph().getInitializerList().stream()
                .collect(Collectors.toMap(TensorProto::getName, Function.identity()));
        List<TensorSpec> tensors = weights.layout().tensors();
        assertEquals(1 + 2 * (2 + 4 + 1 + 3 * 5) + 2, tensors.size());
        for (TensorSpec t : tensors) {
            TensorProto p = init.get(t.name());
            assertNotNull(p, "no initializer " + t.name());
            assertEquals(TensorProto.DataType.FLOAT.getNumber(), p.getDataType(), t.name());
            assertArrayEquals(t.longShape(), p.getDimsList().stream().mapToLong(Long::longValue).toArray(), t.name());
            assertEquals(4 * t.size(), p.getRawData().size(), t.name());
            float[] decoded = new float[(int) t.size()];
            ByteBuffer.wrap(p.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
            assertArrayEquals(t.generate(weights.seed()), decoded, t.name());
        }
    }

    @Test
    void ropeTablesCoverMaxSeqLenTimesHeadDim() {
        ModelProto model = OnnxExporter.build(moeTiny());
        TensorProto cos = model.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("rope_cos")).findFirst().orElseThrow();
        assertEquals(List.of(64L, 16L), cos.getDimsList());
    }

    @Test
    void moeDispatchesOncePerExpertPerLayer() {
        ModelProto four = OnnxExporter.build(weights(moe(4, 0)));
        ModelProto eight = OnnxExporter.build(weights(moe(8, 0)));
        int layers = 3;
        assertEquals(layers * 4, count(four, "ScatterND"));
        assertEquals(layers * 8, count(eight, "ScatterND"));
        assertEquals(layers * 4, count(four, "NonZero"));
        assertEquals(layers * 8, count(eight, "NonZero"));
        // each extra expert adds its three SwiGLU MatMuls in every layer, and nothing else scales
        assertEquals(layers * 4 * 3, count(eight, "MatMul") - count(four, "MatMul"));
        assertEquals(0, (eight.getGraph().getNodeCount() - four.getGraph().getNodeCount()) % (layers * 4));
        assertEquals(layers, count(four, "TopK"));
    }

    @Test
    void fusedMoeIsOneContribNodePerLayerWithPackedWeights() {
        ModelSpec loop = moe(4, 1);
        ModelSpec fused = new ModelSpec("moe-fused", 32, 16, 3, 2, 1, 8, 0,
                new MoeSpec(4, 2, 8, 1, RouterSpec.SOFTMAX_TOP_K, 0, MoeOp.FUSED), 1e4, 1e-5, 8);
        ModelProto model = OnnxExporter.build(weights(fused));
        List<NodeProto> moeNodes = model.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("MoE")).toList();
        assertEquals(3, moeNodes.size());
        for (NodeProto n : moeNodes) {
            assertEquals("com.microsoft", n.getDomain());
            Map<String, AttributeProto> a = n.getAttributeList().stream()
                    .collect(Collectors.toMap(AttributeProto::getName, Function.identity()));
            assertEquals(2, a.get("k").getI());
            assertEquals("swiglu", a.get("activation_type").getS().toStringUtf8());
            assertEquals(1, a.get("swiglu_fusion").getI());
            assertEquals(1, a.get("normalize_routing_weights").getI());
            assertEquals(5, n.getInputCount()); // no fc1 bias (empty name), no fc3
            assertEquals("", n.getInput(3));
        }
        assertEquals(0, count(model, "NonZero"));
        assertEquals(0, count(model, "ScatterND"));
        assertTrue(model.getOpsetImportList().stream().anyMatch(o -> o.getDomain().equals("com.microsoft")
                && o.getVersion() == 1));
        assertTrue(OnnxExporter.build(weights(loop)).getOpsetImportList().stream()
                .noneMatch(o -> o.getDomain().equals("com.microsoft")));
        // the routing output still exists per layer, and the shared expert still runs beside the fused node
        assertEquals(3, model.getGraph().getOutputList().stream()
                .filter(o -> o.getName().startsWith("router_topk_")).count());
        assertEquals(count(OnnxExporter.build(weights(loop)), "TopK"), count(model, "TopK"));
    }

    @Test
    void sharedExpertsRunOnEveryTokenWithoutDispatch() {
        ModelProto noShared = OnnxExporter.build(weights(moe(4, 0)));
        ModelProto oneShared = OnnxExporter.build(weights(moe(4, 1)));
        assertEquals(count(noShared, "ScatterND"), count(oneShared, "ScatterND"));
        assertEquals(3 * 3, count(oneShared, "MatMul") - count(noShared, "MatMul"));
    }

    @Test
    void nodeOutputNamesAreUnique() {
        ModelProto model = OnnxExporter.build(moeTiny());
        List<String> outputs = model.getGraph().getNodeList().stream()
                .flatMap(n -> n.getOutputList().stream()).toList();
        assertEquals(outputs.size(), outputs.stream().distinct().count());
        List<String> nodeNames = model.getGraph().getNodeList().stream().map(NodeProto::getName).toList();
        assertEquals(nodeNames.size(), nodeNames.stream().distinct().count());
    }

    @Test
    void exportWritesTheBuiltModelAndLeavesNoTempFile() throws Exception {
        ModelWeights w = weights(moe(4, 1));
        Path file = dir.resolve("sub").resolve("m.onnx");
        OnnxExporter.export(w, file);
        assertEquals(OnnxExporter.build(w), ModelProto.parseFrom(Files.readAllBytes(file)));
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of("m.onnx"), listing.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(Arrays.asList("sub"), Arrays.stream(dir.toFile().list()).toList());
    }
}
