package dev.portbench.harness.cli;

import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two shards of a two-cell plan, run for real, each record their shard and run one cell; merged, they are the plan's
 * cells, each once, as Slurm's array tasks and merge job would leave them.
 */
class RunShardTest {
    @TempDir
    Path tmp;

    private static Set<String> cells(Path run) throws IOException {
        Set<String> out = new HashSet<>();
        for (ResultRow r : ResultsCsvReader.read(run.resolve("results.csv"))) {
            out.add(r.text(Column.SCENARIO) + "/" + r.text(Column.BACKEND) + "/" + r.status());
        }
        return out;
    }

    @Test
    void shardsRunDisjointCellsThatMergeIntoThePlan() throws IOException {
        Path suite = Files.writeString(tmp.resolve("s.yaml"), """
                name: shard-test
                description: "one tiny prefill cell per backend"
                jmh:
                  warmup_max: 0s
                  iterations: 1
                  iteration_time: 100ms
                  forks: 1
                cell_timeout: 2m
                matrix:
                  - scenarios: [dense-tiny]
                    workloads: [prefill]
                    dtypes: [fp32]
                """);
        for (int i = 0; i < 2; i++) {
            CliRunner r = CliRunner.run("run", "--suite", suite.toString(), "--backends",
                    "reference-fp32,onnxruntime-cpu", "--shard", i + "/2", "--out", tmp.resolve("shard-" + i).toString());
            assertEquals(0, r.exitCode(), r.out() + r.err());
            assertTrue(r.out().contains("1 cells"), r.out());
            assertTrue(Files.readString(tmp.resolve("shard-" + i).resolve("run.json")).contains("\"shard\" : \"" + i
                    + "/2\""));
        }
        Set<String> a = cells(tmp.resolve("shard-0"));
        Set<String> b = cells(tmp.resolve("shard-1"));
        assertEquals(1, a.size());
        assertEquals(1, b.size());
        // names sorted: dense-tiny/prefill/fp32/onnxruntime-cpu before .../reference-fp32, dealt out in turn
        assertEquals(Set.of("dense-tiny/onnxruntime-cpu/OK"), a);
        assertEquals(Set.of("dense-tiny/reference-fp32/OK"), b);

        Path night = tmp.resolve("night");
        CliRunner merge = CliRunner.run("merge", tmp.resolve("shard-0").toString(), tmp.resolve("shard-1").toString(),
                "--out", night.toString());
        assertEquals(0, merge.exitCode(), merge.out() + merge.err());
        assertEquals(Set.of("dense-tiny/onnxruntime-cpu/OK", "dense-tiny/reference-fp32/OK"), cells(night));
        List<ResultRow> rows = ResultsCsvReader.read(night.resolve("results.csv"));
        assertTrue(rows.stream().allMatch(r -> r.decimal(Column.REL_L2).isPresent()), "drift came along");

        CliRunner resumed = CliRunner.run("run", "--resume", tmp.resolve("shard-0").toString(), "--shard", "1/2");
        assertEquals(ExitCode.USAGE, resumed.exitCode());
        assertTrue(resumed.err().contains("--shard"), resumed.err());
    }
}
