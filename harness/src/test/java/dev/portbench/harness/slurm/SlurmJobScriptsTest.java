package dev.portbench.harness.slurm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scripts' Slurm directives as text, and their bodies run by bash against a stand-in launcher that records its
 * arguments and environment, so what each array task would run is seen, not only written.
 */
class SlurmJobScriptsTest {
    @TempDir
    Path tmp;

    private SlurmJob job(GresRequest gres, List<String> runOptions) throws IOException {
        Path launcher = tmp.resolve("portbench");
        Files.writeString(launcher, "#!/usr/bin/env bash\n{ echo \"args: $*\"; echo \"npus: "
                + "${ASCEND_RT_VISIBLE_DEVICES:-unset}\"; } >> " + tmp.resolve("calls.txt") + "\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new SlurmJob(new SlurmNight(tmp.resolve("runs"), "lab", "2026-12-06"), "bench", 4, 2, "nightly",
                runOptions, launcher.toString(), gres, "4:00:00");
    }

    @Test
    void theShardsScriptAsksForAnExclusiveNodePerTaskAndTheGres() throws IOException {
        String s = SlurmJobScripts.shards(job(GresRequest.parse("gpu:h100:1"), List.of()));
        assertTrue(s.contains("#SBATCH --array=0-3%2\n"), s);
        assertTrue(s.contains("#SBATCH --partition=bench\n"), s);
        assertTrue(s.contains("#SBATCH --exclusive\n"), s);
        assertTrue(s.contains("#SBATCH --gres=gpu:h100:1\n"), s);
        assertTrue(s.contains("#SBATCH --time=4:00:00\n"), s);
        assertTrue(s.contains("#SBATCH --output=" + tmp.resolve("runs/.slurm/lab/2026-12-06/shard-%a.log") + "\n"), s);
        assertFalse(s.contains("ASCEND_RT_VISIBLE_DEVICES"), "a GPU task's devices are Slurm's to set");
    }

    /**
     * A task runs its shard; on a later try it resumes it with the same plan options (so run's resume check refuses a
     * plan that changed, e.g. another --shards); a complete shard runs nothing and ends 0.
     */
    @Test
    void aTaskRunsItsShardOrResumesItAndNamesItsNpus() throws Exception {
        SlurmJob job = job(GresRequest.parse("npu:2"), List.of("--backends", "onnxruntime-cann", "--note=it's"));
        Path script = Files.writeString(tmp.resolve("shards.sbatch"), SlurmJobScripts.shards(job));
        Path shard = job.night().shard(3);
        assertEquals(0, bash(script, Map.of("SLURM_ARRAY_TASK_ID", "3")));
        Files.createDirectories(shard);
        Files.writeString(shard.resolve("run.json"), "{}");
        assertEquals(0, bash(script, Map.of("SLURM_ARRAY_TASK_ID", "3", "ASCEND_RT_VISIBLE_DEVICES", "5,6")));
        Files.writeString(shard.resolve("complete.json"), "{}");
        assertEquals(0, bash(script, Map.of("SLURM_ARRAY_TASK_ID", "3")));
        String plan = " --suite nightly --shard 3/4 --backends onnxruntime-cann --note=it's";
        assertEquals(List.of(
                "args: run --out " + shard + plan,
                "npus: 0,1",
                "args: run --resume " + shard + plan,
                "npus: 5,6"), Files.readAllLines(tmp.resolve("calls.txt")), "the complete shard ran nothing");
    }

    @Test
    void theMergeMergesTheShardsWithResultsAndReportsTheMissingOnes() throws Exception {
        SlurmJob job = job(null, List.of());
        Path script = Files.writeString(tmp.resolve("merge.sbatch"), SlurmJobScripts.merge(job));
        assertTrue(Files.readString(script).contains("#SBATCH --output=" + job.night().mergeLog() + "\n"));
        assertEquals(1, bash(script, Map.of()), "no shard wrote results");
        assertFalse(Files.exists(tmp.resolve("calls.txt")), "nothing to merge, nothing run");
        for (int i : new int[] {0, 2}) {
            Files.createDirectories(job.night().shard(i));
            Files.writeString(job.night().shard(i).resolve("results.csv"), "");
        }
        Files.writeString(job.night().shard(0).resolve("complete.json"), "{}");
        assertEquals(1, bash(script, Map.of()), "shards 1 and 3 wrote nothing, 2 did not complete");
        Path night = job.night().night();
        Path root = tmp.resolve("runs");
        assertEquals(List.of(
                "args: merge " + job.night().shard(0) + " " + job.night().shard(2) + " --host lab --out " + night,
                "npus: unset",
                "args: gate --history " + root + " --markdown " + night + "/history-gate.md",
                "npus: unset",
                "args: history " + root,
                "npus: unset",
                "args: report " + root.resolve("lab") + " --out " + night + "/report.html",
                "npus: unset"), Files.readAllLines(tmp.resolve("calls.txt")));
    }

    @Test
    void aNightOfCompleteShardsMergesAndEndsZero() throws Exception {
        SlurmJob job = job(null, List.of());
        Path script = Files.writeString(tmp.resolve("merge.sbatch"), SlurmJobScripts.merge(job));
        for (int i = 0; i < job.shards(); i++) {
            Files.createDirectories(job.night().shard(i));
            Files.writeString(job.night().shard(i).resolve("results.csv"), "");
            Files.writeString(job.night().shard(i).resolve("complete.json"), "{}");
        }
        assertEquals(0, bash(script, Map.of()));
        assertEquals(8, Files.readAllLines(tmp.resolve("calls.txt")).size(), "merge, gate, history, report");
    }

    private int bash(Path script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().remove("ASCEND_RT_VISIBLE_DEVICES");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        System.out.print(out);
        return code;
    }
}
