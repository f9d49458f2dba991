package dev.portbench.scenarios.byo;

import ai.onnx.proto.OnnxMl;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxSignatureTest {
    private static final ModelWeights DENSE_TINY =
            ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow().weights();

    @TempDir
    Path dir;

    @Test
    void readsTheInputsAndOutputsOfAnExportedPrefillGraph() throws IOException {
        Path file = dir.resolve("dense.onnx");
        OnnxExporter.export(DENSE_TINY, file);
        OnnxSignature sig = OnnxSignature.read(file);

        assertEquals(1, sig.inputs().size(), sig.inputs().toString());
        OnnxSignature.Tensor ids = sig.inputs().get(0);
        assertEquals("input_ids", ids.name());
        assertEquals(ElementType.INT64, ids.elementType().orElseThrow());
        assertEquals(List.of(OnnxSignature.Dim.symbolic("batch"), OnnxSignature.Dim.symbolic("seq")), ids.dims());
        assertEquals("int64 [batch, seq]", ids.toString());

        OnnxSignature.Tensor logits = sig.outputs().get(0);
        assertEquals("logits", logits.name());
        assertEquals("float32 [batch, seq, 256]", logits.toString());
        assertTrue(logits.dims().get(2).isFixed());
    }

    @Test
    void externalDataModelsReadTheSame() throws IOException {
        Path inline = dir.resolve("inline.onnx");
        Path external = dir.resolve("external.onnx");
        OnnxExporter.export(DENSE_TINY, Dtype.FP32, Phase.DECODE, inline, false);
        OnnxExporter.export(DENSE_TINY, Dtype.FP32, Phase.DECODE, external, true);
        assertTrue(Files.exists(OnnxExporter.externalDataFile(external)));
        OnnxSignature a = OnnxSignature.read(inline);
        assertEquals(a, OnnxSignature.read(external));
        assertEquals("float32 [batch, 2, past, 16]", a.input("past_key_0").orElseThrow().toString());
    }

    @Test
    void initializersListedAsInputsAreNotInputs() {
        OnnxMl.ModelProto model = OnnxExporter.build(DENSE_TINY);
        OnnxMl.GraphProto graph = model.getGraph();
        OnnxMl.TensorProto weight = graph.getInitializer(0);
        // older exporters (IR version < 4) list every weight under graph.input as well
        OnnxMl.GraphProto legacy = graph.toBuilder().addInput(OnnxMl.ValueInfoProto.newBuilder()
                .setName(weight.getName())
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(weight.getDataType())))).build();
        assertEquals(graph.getInputCount() + 1, legacy.getInputCount());
        assertEquals(List.of("input_ids"),
                OnnxSignature.of(legacy).inputs().stream().map(OnnxSignature.Tensor::name).toList());
    }

    @Test
    void typesASpecCannotGiveAreNamedAsOnnxNamesThem() {
        OnnxSignature.Tensor half = new OnnxSignature.Tensor("h", 10, List.of(OnnxSignature.Dim.fixed(2)), true);
        assertEquals("float16 [2]", half.toString());
        assertFalse(half.elementType().isPresent());
    }

    @Test
    void aFileThatIsNotAModelIsAnIOException() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "definitely not protobuf \u00ff\u00fe");
        assertThrows(IOException.class, () -> OnnxSignature.read(junk));
        assertThrows(IOException.class, () -> OnnxSignature.read(dir.resolve("missing.onnx")));
    }
}
