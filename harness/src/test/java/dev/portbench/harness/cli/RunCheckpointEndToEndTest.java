package dev.portbench.harness.cli;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import dev.portbench.scenarios.checkpoint.HfConfig;
import dev.portbench.scenarios.checkpoint.TinyCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run on a Hugging Face checkpoint's weights (a tiny Mixtral stored in bf16, one of its two layers kept) and a
 * prompt given as token ids: every backend's JVM reads the same folder and feeds the same ids, and the fp32 rows of
 * both frameworks match the oracle on those weights.
 */
class RunCheckpointEndToEndTest {

    @Test
    void everyBackendRunsTheCheckpointsWeights(@TempDir Path tmp) throws Exception {
        new TinyCheckpoint(HfConfig.MIXTRAL, "BF16", 9).write(tmp.resolve("mixtral-tiny"));
        Path yaml = Files.writeString(tmp.resolve("mix.yaml"), "name: mix-ckpt\ncheckpoint: mixtral-tiny\nlayers: 1\n"
                + "prompt: [1, 95, 42, 7, 7, 0, 13, 88, 60, 2, 5, 71]\n"
                + "workloads:\n  - {name: prefill, phase: prefill, batch: 2, seq_len: 12}\n"
                + "  - {name: decode, phase: decode, batch: 1, seq_len: 6, new_tokens: 4}\n");
        CliRunner list = CliRunner.run("list", "--scenario-file", yaml.toString());
        assertTrue(list.out().contains("MixtralForCausalLM checkpoint mixtral-tiny: 1 of 2 layers"), list.out());

        Path out = tmp.resolve("run");
        CliRunner r = CliRunner.run("run", "--scenario-file", yaml.toString(), "--scenarios", "mix-ckpt",
                "--backends", "onnxruntime-cpu,djl-pytorch", "--warmup-max", "0s", "--iterations", "1",
                "--time", "100ms", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        List<ResultRow> rows = ResultsCsvReader.read(out.resolve("results.csv"));
        assertEquals(6, rows.size(), "prefill, ttft and tpot per backend");
        for (ResultRow row : rows) {
            assertEquals(CellStatus.OK, row.status(), row.text(Column.REASON));
            double relL2 = row.decimal(Column.REL_L2).getAsDouble();
            assertTrue(relL2 < 1e-5, row.text(Column.BACKEND) + " " + row.text(Column.PHASE) + " rel_l2 " + relL2);
            assertEquals(1.0, row.decimal(Column.ROUTING_AGREEMENT).getAsDouble());
            assertEquals(1, row.integer(Column.LAYERS).getAsLong(), "one of the checkpoint's two layers");
        }
        long[] fed = dev.portbench.results.Npy.read(out.resolve("outputs").resolve("mix-ckpt").resolve("prefill")
                .resolve("input_ids.npy")).ints();
        assertArrayEquals(new long[] {1, 95, 42, 7, 7, 0, 13, 88, 60, 2, 5, 71, 1, 95, 42, 7, 7, 0, 13, 88, 60, 2, 5,
                71}, fed, "both sequences are the prompt");
        String copied = Files.readString(out.resolve("scenarios").resolve("mix-ckpt.yaml"));
        assertTrue(copied.contains("checkpoint: \"" + tmp.resolve("mixtral-tiny").toAbsolutePath() + "\"")
                && copied.contains("layers: 1"), copied);
    }

    /** {@code --checkpoint DIR --layers N}: a scenario named after the folder; a bad folder is exit 2 naming it. */
    @Test
    void theCheckpointOptionRunsTheFolderAsAScenario(@TempDir Path tmp) throws Exception {
        Path ckpt = new TinyCheckpoint(HfConfig.LLAMA, "F16", 3).write(tmp.resolve("Llama-Tiny"));
        Path out = tmp.resolve("run");
        CliRunner r = CliRunner.run("run", "--checkpoint", ckpt.toString(), "--layers", "1", "--workloads",
                "prefill", "--backends", "onnxruntime-cpu", "--warmup-max", "0s", "--iterations", "1", "--time",
                "100ms", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        ResultRow row = ResultsCsvReader.read(out.resolve("results.csv")).get(0);
        assertEquals("llama-tiny-1l", row.text(Column.SCENARIO));
        assertEquals(CellStatus.OK, row.status(), row.text(Column.REASON));
        assertTrue(row.decimal(Column.REL_L2).getAsDouble() < 1e-5);
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"layers\" : 1"));

        CliRunner alone = CliRunner.run("run", "--layers", "2", "--out", tmp.resolve("x").toString());
        assertEquals(2, alone.exitCode());
        assertTrue(alone.err().contains("--layers 2 without --checkpoint"), alone.err());
        Files.delete(ckpt.resolve("model.safetensors"));
        CliRunner broken = CliRunner.run("run", "--checkpoint", ckpt.toString(), "--out", tmp.resolve("y").toString());
        assertEquals(2, broken.exitCode());
        assertTrue(broken.err().contains("--checkpoint " + ckpt + ": checkpoint " + ckpt.toAbsolutePath()
                + " has neither model.safetensors nor model.safetensors.index.json"), broken.err());
        assertTrue(Files.notExists(tmp.resolve("y")) || Files.list(tmp.resolve("y")).findAny().isEmpty(),
                "nothing written for a bad input");
    }
}
