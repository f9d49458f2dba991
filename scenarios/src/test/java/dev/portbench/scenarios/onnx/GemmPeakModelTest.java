package dev.portbench.scenarios.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmPeakModelTest {

    @Test
    void countsTwoNCubedFlopsPerMatMulOfTheChain() {
        assertEquals(4 * 2.0 * 4096 * 4096 * 4096, new GemmPeakModel("fp16", 4096, 4, 1).flopsPerRun());
        assertEquals(2.0 * 3 * 3 * 3, new GemmPeakModel("fp32", 3, 1, 1).flopsPerRun());
    }

    @Test
    void theGraphIsAChainOfMatMulsOnInitializersScaledByItsOneInputAndSummedToOneFloat() {
        ModelProto m = new GemmPeakModel("fp16", 8, 3, 7).build();
        List<String> ops = m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
        assertEquals(List.of("Cast", "Mul", "MatMul", "MatMul", "MatMul", "ReduceSum", "Cast", "Identity"), ops);
        assertEquals(List.of(GemmPeakModel.SCALE_INPUT), m.getGraph().getInputList().stream()
                .map(v -> v.getName()).toList());
        assertEquals(List.of(GemmPeakModel.CHECKSUM_OUTPUT), m.getGraph().getOutputList().stream()
                .map(v -> v.getName()).toList());
        for (TensorProto t : m.getGraph().getInitializerList()) {
            assertEquals(TensorProto.DataType.FLOAT16.getNumber(), t.getDataType(), t.getName());
            assertEquals(List.of(8L, 8L), t.getDimsList());
            assertEquals(8 * 8 * 2, t.getRawData().size());
        }
        List<String> fp32 = new GemmPeakModel("fp32", 8, 1, 7).build().getGraph().getNodeList().stream()
                .map(NodeProto::getOpType).toList();
        assertEquals(List.of("Mul", "MatMul", "ReduceSum", "Identity"), fp32, "fp32 needs no casts");
    }

    /** Uniform in ±√(3/n) has variance 1/n: a product keeps its input's scale, so a long chain stays finite in fp16. */
    @Test
    void entriesHaveVarianceOneOverTheSizeAndDependOnTheSeedOnly() {
        int n = 256;
        GemmPeakModel model = new GemmPeakModel("fp32", n, 1, 3);
        float[] a = model.matrix("A");
        double bound = Math.sqrt(3.0 / n);
        double squares = 0;
        for (float v : a) {
            assertTrue(Math.abs(v) <= bound, v + " outside ±" + bound);
            squares += v * (double) v;
        }
        assertEquals(1.0 / n, squares / a.length, 0.02 / n, "mean square of 65,536 uniform values");
        assertArrayEquals(a, new GemmPeakModel("bf16", n, 5, 3).matrix("A"));
        assertTrue(a[0] != model.matrix("B")[0] || a[1] != model.matrix("B")[1], "A and B differ");
    }

    @Test
    void rejectsArithmeticsWithoutAGraphAndEmptySizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GemmPeakModel("fp64", 8, 1, 1));
        assertEquals("GEMM peak arithmetic 'fp64'; expected fp32, fp16 or bf16", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GemmPeakModel("fp32", 0, 1, 1));
        assertEquals("GEMM peak graph of size 0 with a chain of 1; expected both 1 or more", e.getMessage());
    }
}
