package dev.portbench.backend.onnxruntime;

import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.LogitPositions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overhead benchmark's loops run the graph they are given as the cells would: the graph the forks time declares
 * logits of the last position only, and ORT refuses pinned outputs of any other shape, so the loops take it from the
 * graph rather than assume every position's.
 */
class LoopArgumentsTest {
    @TempDir
    Path dir;

    @Test
    void theLogitsAGraphDeclaresDecideWhatTheLoopsPin() throws Exception {
        Path last = ExportedModels.exportLastLogits(dir.resolve("last"), "dense-tiny", "prefill", Dtype.FP32)
                .onnxFile();
        Path all = ExportedModels.export(dir.resolve("all"), "dense-tiny", "prefill", Dtype.FP32).onnxFile();
        assertEquals(LogitPositions.LAST, LoopArguments.logitPositions(last));
        assertEquals(LogitPositions.ALL, LoopArguments.logitPositions(all));

        for (Path graph : new Path[] {last, all}) {
            String bare = printed(() -> OrtBareLoop.main(new String[] {graph.toString(), "dense-tiny", "2", "5"}));
            assertTrue(bare.matches("bare_loop scenario=dense-tiny p50_ms=[0-9.]+ mean_ms=[0-9.]+ runs=5 .*\\n"),
                    graph + ": " + bare);
        }
        String overhead = printed(() -> OrtOverheadLoop.main(new String[] {last.toString(), "dense-tiny", "2", "3"}));
        assertTrue(overhead.contains("overhead scenario=dense-tiny spi_mean_ms="), overhead);
    }

    private interface Main {
        void run() throws Exception;
    }

    private static String printed(Main main) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
