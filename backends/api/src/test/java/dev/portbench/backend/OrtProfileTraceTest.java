package dev.portbench.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace parser and the shares on a synthetic accelerator trace whose answers are known. */
class OrtProfileTraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String kernel(String node, String op, String provider, long dur) {
        return "{\"cat\":\"Node\",\"name\":\"" + node + "_kernel_time\",\"dur\":" + dur
                + ",\"args\":{\"op_name\":\"" + op + "\",\"provider\":\"" + provider + "\"}}";
    }

    @Test
    void kernelEventsAreSummedPerNodeAndTheSharesCountNodesAndKernelTime() throws Exception {
        String trace = "[{\"cat\":\"Session\",\"name\":\"session_initialization\",\"dur\":900,\"args\":{}},"
                + kernel("MatMul_1", "MatMul", "CUDAExecutionProvider", 300) + ","
                + "{\"cat\":\"Node\",\"name\":\"MatMul_1_fence_before\",\"dur\":0,\"args\":{\"op_name\":\"MatMul\"}},"
                + kernel("MatMul_1", "MatMul", "CUDAExecutionProvider", 100) + ","
                + kernel("Softmax_2", "Softmax", "CUDAExecutionProvider", 50) + ","
                + kernel("TopK_3", "TopK", "CPUExecutionProvider", 30) + ","
                + kernel("InsertedPrecisionFreeCast_x", "Cast", "CPUExecutionProvider", 20) + "]";
        List<PlacedNode> nodes = OrtProfileTrace.nodes(JSON.readTree(trace), Path.of("trace.json"));
        assertEquals(List.of(
                new PlacedNode("MatMul_1", "MatMul", "CUDAExecutionProvider", 400, 2, false),
                new PlacedNode("Softmax_2", "Softmax", "CUDAExecutionProvider", 50, 1, false),
                new PlacedNode("TopK_3", "TopK", "CPUExecutionProvider", 30, 1, false),
                new PlacedNode("InsertedPrecisionFreeCast_x", "Cast", "CPUExecutionProvider", 20, 1, true)), nodes);
        Placement p = new Placement(nodes, Set.of("CUDAExecutionProvider"), "trace.json");
        assertEquals(2 / 4.0, p.acceleratorNodeShare().orElseThrow(), 1e-12);
        assertEquals(450 / 500.0, p.acceleratorTimeShare().orElseThrow(), 1e-12);
        assertEquals(Set.of("Cast", "TopK"), p.fallbackOps());
        assertEquals(1, p.insertedNodes().size());
    }

    @Test
    void aKernelEventWithoutItsProviderIsAnErrorNamingTheEvent() throws Exception {
        String trace = "[" + kernel("A", "Add", "CPUExecutionProvider", 1) + ","
                + "{\"cat\":\"Node\",\"name\":\"B_kernel_time\",\"dur\":3,\"args\":{\"op_name\":\"Mul\"}}]";
        BackendException e = assertThrows(BackendException.class,
                () -> OrtProfileTrace.nodes(JSON.readTree(trace), Path.of("p.json")));
        assertTrue(e.getMessage().contains("p.json: kernel event 2 (B_kernel_time) has no args.provider"),
                e.getMessage());
    }

    @Test
    void aFileThatIsNotATraceIsAnErrorNamingIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("broken.json"), "{\"not\": \"a trace\"}");
        BackendException e = assertThrows(BackendException.class, () -> OrtProfileTrace.read(file));
        assertTrue(e.getMessage().contains(file + " is not a JSON array"), e.getMessage());
    }
}
