package dev.portbench.harness.worker;

import dev.portbench.backend.PlacedNode;
import dev.portbench.backend.Placement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlacementSummaryTest {
    private static final String TRT = "TensorrtExecutionProvider";
    private static final String CUDA = "CUDAExecutionProvider";

    /**
     * TensorRT took the decoder as one fused node and left the contrib MoE node to CUDA: both count as the
     * accelerator in the shares, so the row's reason says how they split.
     */
    @Test
    void nodesATensorRtBackendLeftToCudaAreSaidInTheNote() {
        Placement p = new Placement(List.of(
                new PlacedNode("TRTKernel_graph_0", "TRTKernel", TRT, 900, 1, false),
                new PlacedNode("moe_0", "MoE", CUDA, 300, 1, false),
                new PlacedNode("shape_0", "Shape", Placement.CPU_PROVIDER, 0, 1, false)), Set.of(TRT, CUDA), null);
        PlacementSummary s = PlacementSummary.of(p);
        assertEquals(2.0 / 3, s.acceleratorNodeShare(), 1e-12);
        assertEquals(List.of("Shape"), s.fallbackOps());
        assertEquals("accelerator nodes by provider: CUDAExecutionProvider 1 node, 25 % of their kernel time (MoE);"
                + " TensorrtExecutionProvider 1 node, 75 % of their kernel time (TRTKernel); see placement.csv",
                s.note());
    }

    /** The case the note is for: TensorRT took nothing, CUDA ran it all, and the shares still read 1. */
    @Test
    void aProviderAskedForThatRanNoNodeIsNamed() {
        Placement allCuda = new Placement(List.of(new PlacedNode("mm", "MatMul", CUDA, 900, 1, false),
                new PlacedNode("moe", "MoE", CUDA, 100, 1, false)), Set.of(TRT, CUDA), null);
        PlacementSummary s = PlacementSummary.of(allCuda);
        assertEquals(1.0, s.acceleratorNodeShare());
        assertEquals("accelerator nodes by provider: CUDAExecutionProvider 2 nodes, 100 % of their kernel time (MatMul"
                + " MoE); TensorrtExecutionProvider no node; see placement.csv", s.note());
        Placement allTrt = new Placement(List.of(new PlacedNode("TRTKernel_graph_0", "TRTKernel", TRT, 900, 1, false)),
                Set.of(TRT, CUDA), null);
        assertEquals("accelerator nodes by provider: CUDAExecutionProvider no node; TensorrtExecutionProvider 1 node,"
                + " 100 % of their kernel time (TRTKernel); see placement.csv", PlacementSummary.of(allTrt).note());
    }

    @Test
    void oneAcceleratorProviderAskedForGivesNoSplitNote() {
        Placement cuda = new Placement(List.of(new PlacedNode("mm", "MatMul", CUDA, 9, 1, false),
                new PlacedNode("cast", "Cast", CUDA, 1, 1, true)), Set.of(CUDA), null);
        assertEquals("the runtime inserted 1 of the 2 nodes it ran (Cast ×1), e.g. casts around nodes without a kernel"
                + " for this precision; see placement.csv", PlacementSummary.of(cuda).note());
    }
}
