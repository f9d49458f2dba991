package dev.portbench.scenarios.byo;

import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByoCheckTest {
    private static final Path ONNX = Path.of("/models/m.onnx").toAbsolutePath();
    /** dense-tiny's prefill graph: input_ids int64 [batch, seq]. */
    private static final OnnxSignature DENSE = OnnxSignature.of(OnnxExporter.build(
            ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow().weights()).getGraph());
    /** A float32 output, which drift compares. */
    private static final List<OnnxSignature.Tensor> LOGITS = List.of(new OnnxSignature.Tensor("logits", 1,
            List.of(OnnxSignature.Dim.symbolic("batch"), OnnxSignature.Dim.fixed(10)), true));
    /** A graph with a fixed dimension and two inputs. */
    private static final OnnxSignature TWO = new OnnxSignature(List.of(
            new OnnxSignature.Tensor("input_ids", 7,
                    List.of(OnnxSignature.Dim.symbolic("batch"), OnnxSignature.Dim.fixed(16)), true),
            new OnnxSignature.Tensor("mask", 1,
                    List.of(OnnxSignature.Dim.symbolic("batch"), OnnxSignature.Dim.fixed(16)), true)),
            LOGITS);

    private static InputSpec spec(String name, ElementType type, long... shape) {
        InputSpec.Values values = type.isFloatingPoint() ? new InputSpec.FloatRange(0, 1) : new InputSpec.IntRange(0, 9);
        return new InputSpec(name, type, shape, values);
    }

    private static ByoModel model(InputSpec... inputs) {
        return new ByoModel("m", "", ONNX, List.of(inputs), "onnxruntime-cpu", 1, "m.yaml");
    }

    private static String rejected(ByoModel model, OnnxSignature sig) {
        return assertThrows(InputMismatchException.class, () -> ByoCheck.against(model, sig)).getMessage();
    }

    @Test
    void matchingSpecsPassAndSymbolicDimsTakeAnySize() {
        assertDoesNotThrow(() -> ByoCheck.against(model(spec("input_ids", ElementType.INT64, 3, 7)), DENSE));
        assertDoesNotThrow(() -> ByoCheck.against(model(spec("mask", ElementType.FLOAT32, 5, 16),
                spec("input_ids", ElementType.INT64, 5, 16)), TWO));
    }

    @Test
    void aSymbolGivenDifferentSizesByTwoInputsNamesBothInputsAndSizes() {
        OnnxSignature bert = new OnnxSignature(List.of(
                new OnnxSignature.Tensor("input_ids", 7,
                        List.of(OnnxSignature.Dim.symbolic("batch"), OnnxSignature.Dim.symbolic("seq")), true),
                new OnnxSignature.Tensor("attention_mask", 7,
                        List.of(OnnxSignature.Dim.symbolic("batch"), OnnxSignature.Dim.symbolic("seq")), true)),
                LOGITS);
        assertEquals("m: dimension 'batch' is 1 in input 'input_ids' but 4 in input 'attention_mask'; expected one size"
                + " for 'batch' across all inputs", rejected(model(spec("input_ids", ElementType.INT64, 1, 16),
                spec("attention_mask", ElementType.INT64, 4, 1)), bert));
        assertEquals("m: dimension 'seq' is 16 in input 'input_ids' but 8 in input 'attention_mask'; expected one size"
                + " for 'seq' across all inputs", rejected(model(spec("input_ids", ElementType.INT64, 1, 16),
                spec("attention_mask", ElementType.INT64, 1, 8)), bert));
    }

    @Test
    void unnamedDimensionsAreFreeInEachInput() {
        OnnxSignature free = new OnnxSignature(List.of(
                new OnnxSignature.Tensor("a", 1, List.of(OnnxSignature.Dim.symbolic("?")), true),
                new OnnxSignature.Tensor("b", 1, List.of(OnnxSignature.Dim.symbolic("?")), true)), LOGITS);
        assertDoesNotThrow(() -> ByoCheck.against(model(spec("a", ElementType.FLOAT32, 2),
                spec("b", ElementType.FLOAT32, 3)), free));
    }

    @Test
    void wrongNameListsTheModelsInputs() {
        assertEquals("m: input 'ids' (int64 [1, 16]) is not an input of " + ONNX + "; the model's inputs are"
                        + " input_ids int64 [batch, 16], mask float32 [batch, 16]",
                rejected(model(spec("ids", ElementType.INT64, 1, 16)), TWO));
    }

    @Test
    void aModelInputWithoutSpecIsNamed() {
        assertEquals("m: the model's input 'mask' (float32 [batch, 16]) has no spec; expected an entry under inputs"
                        + " for each of input_ids int64 [batch, 16], mask float32 [batch, 16]",
                rejected(model(spec("input_ids", ElementType.INT64, 1, 16)), TWO));
    }

    @Test
    void wrongDtype() {
        assertEquals("m: input 'input_ids': the model expects int64 [batch, seq], the spec gives float32 [1, 8]"
                + " (element type differs)", rejected(model(spec("input_ids", ElementType.FLOAT32, 1, 8)), DENSE));
        assertEquals("m: input 'input_ids': the model expects int64 [batch, seq], the spec gives int32 [1, 8]"
                + " (element type differs)", rejected(model(spec("input_ids", ElementType.INT32, 1, 8)), DENSE));
    }

    @Test
    void wrongRank() {
        assertEquals("m: input 'input_ids': the model expects int64 [batch, seq], the spec gives int64 [1, 8, 1]"
                + " (rank 3, expected 2)", rejected(model(spec("input_ids", ElementType.INT64, 1, 8, 1)), DENSE));
    }

    @Test
    void wrongFixedDim() {
        assertEquals("m: input 'mask': the model expects float32 [batch, 16], the spec gives float32 [1, 8]"
                        + " (dimension 1 is 8, expected 16)",
                rejected(model(spec("input_ids", ElementType.INT64, 1, 16), spec("mask", ElementType.FLOAT32, 1, 8)),
                        TWO));
    }

    @Test
    void unknownRankAcceptsAnyShape() {
        OnnxSignature free = new OnnxSignature(List.of(new OnnxSignature.Tensor("x", 1, List.of(), false)), LOGITS);
        assertDoesNotThrow(() -> ByoCheck.against(model(spec("x", ElementType.FLOAT32, 2, 3, 4)), free));
        assertEquals("float32 [?...]", free.inputs().get(0).toString());
    }

    @Test
    void aModelWithoutAFloat32OrFloat64OutputIsRefusedListingItsOutputs() {
        OnnxSignature halfOnly = new OnnxSignature(DENSE.inputs(), List.of(
                new OnnxSignature.Tensor("logits", 10, List.of(OnnxSignature.Dim.symbolic("batch")), true),
                new OnnxSignature.Tensor("argmax", 7, List.of(OnnxSignature.Dim.symbolic("batch")), true)));
        assertEquals("m: " + ONNX + " has no float32 or float64 output, and drift needs at least one (outputs of other"
                + " types, float16 among them, are not saved); the model's outputs are logits float16 [batch],"
                + " argmax int64 [batch]", rejected(model(spec("input_ids", ElementType.INT64, 1, 8)), halfOnly));
    }
}
