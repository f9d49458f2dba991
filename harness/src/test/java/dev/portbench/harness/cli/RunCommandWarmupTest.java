package dev.portbench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.harness.measure.SteadyStateWarmup;
import dev.portbench.harness.worker.JitProfiler;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The setup and the warm-up run in JMH's warm-up iterations, so the windows of the profilers (energy per token, the
 * resident set's growth, the JIT's share) hold measured iterations only. Before, JMH started them before the trial
 * setup, and the first measured iteration's window held the model's loading and the whole warm-up.
 */
class RunCommandWarmupTest {
    @TempDir
    Path tmp;

    @Test
    void measuredIterationsHoldNeitherTheSetupNorTheWarmUpWhichIsRecheckedOnce() throws IOException {
        Path runDir = tmp.resolve("run");
        CliRunner result = CliRunner.run("run", "--scenarios", "dense-tiny", "--workloads", "prefill",
                "--backends", "onnxruntime-cpu", "--warmup-max", "1s", "--iterations", "3", "--time", "100ms",
                "--out", runDir.toString());
        assertEquals(0, result.exitCode(), result.err());
        List<ResultRow> rows = ResultsCsvReader.read(runDir.resolve("results.csv"));
        assertEquals(1, rows.size());
        ResultRow row = rows.get(0);
        assertEquals(CellStatus.OK, row.status(), row.text(Column.REASON));
        // two passes of at least ten 100 ms windows each: the warm-up, then its recheck after JMH's first iteration
        double shortest = SteadyStateWarmup.SHORTEST.toMillis() / 1000.0;
        assertTrue(row.decimal(Column.WARMUP_S).getAsDouble() >= 2 * shortest, row.text(Column.WARMUP_S));

        JsonNode bench;
        try (var files = Files.list(runDir.resolve("jmh"))) {
            bench = new ObjectMapper().readTree(files.findFirst().orElseThrow().toFile()).get(0);
        }
        assertEquals(2, bench.get("warmupIterations").asInt(), "the setup's and warm-up's, then the recheck's");
        assertEquals("100 ms", bench.get("warmupTime").asText());
        assertEquals(3, bench.get("measurementIterations").asInt());
        JsonNode windows = bench.get("secondaryMetrics").get(JitProfiler.MEASURED_MS).get("rawData").get(0);
        assertEquals(3, windows.size(), "a window per measured iteration");
        for (JsonNode windowMs : windows) {
            // a window that held the warm-up would last at least its shortest pass; a 100 ms iteration lasts ~100 ms
            assertTrue(windowMs.asDouble() < SteadyStateWarmup.SHORTEST.toMillis(), windows.toString());
        }
    }
}
