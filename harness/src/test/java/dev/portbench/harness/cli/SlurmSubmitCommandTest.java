package dev.portbench.harness.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code portbench slurm submit}'s input checks (exit 2, naming the value) and its dry run; the real Slurm run is
 *  {@link SlurmSubmitEndToEndTest}. */
class SlurmSubmitCommandTest {
    @TempDir
    Path tmp;

    private CliRunner submit(String... extra) {
        List<String> args = new ArrayList<>(List.of("slurm", "submit", "--runs-root", tmp.resolve("runs").toString(),
                "--partition", "cpu", "--shards", "3", "--launcher", "/opt/portbench/scripts/portbench",
                "--date", "2026-12-06"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void aDryRunWritesBothScriptsAndSubmitsNothing() throws Exception {
        CliRunner r = submit("--dry-run", "--sbatch", "/nonexistent/sbatch", "--gres", "gpu:1", "--", "--dtypes",
                "fp32");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        Path staging = tmp.resolve("runs/.slurm/slurm-cpu/2026-12-06");
        assertTrue(r.out().contains("would submit: /nonexistent/sbatch --parsable " + staging.resolve("shards.sbatch")),
                r.out());
        assertTrue(r.out().contains("then: /nonexistent/sbatch --parsable --dependency=afterany:SHARDS_JOB_ID "
                + staging.resolve("merge.sbatch")), r.out());
        String shards = Files.readString(staging.resolve("shards.sbatch"));
        assertTrue(shards.contains("#SBATCH --array=0-2%3\n") && shards.contains("#SBATCH --gres=gpu:1\n"), shards);
        assertTrue(shards.contains("'/opt/portbench/scripts/portbench' run --out \"$out\" --suite 'nightly' --shard"
                + " \"$shard/3\" '--dtypes' 'fp32'"), shards);
        assertTrue(Files.isExecutable(staging.resolve("merge.sbatch")));
        assertFalse(Files.exists(staging.resolve("submitted.json")));

        // scenario files are read by the tasks; a version's option for a version the run includes is accepted here
        CliRunner versioned = submit("--dry-run", "--", "--scenario-file", "lab/models.yaml",
                "--backends", "onnxruntime-cpu@1.29.0", "-O", "onnxruntime-cpu@1.29.0.intra_op_threads=1");
        assertEquals(0, versioned.exitCode(), versioned.out() + versioned.err());

        // a suite file named relative to here reaches the jobs as an absolute path; several partitions, one folder
        Path suite = TinySuites.onePrefillCellPerBackend(tmp.resolve("lab.yaml"), "lab");
        Path relative = Path.of("").toAbsolutePath().relativize(suite);
        CliRunner two = CliRunner.run("slurm", "submit", "--runs-root", tmp.resolve("runs").toString(), "--partition",
                "cpu,gpu", "--shards", "2", "--launcher", "x", "--date", "2026-12-06", "--suite", relative.toString(),
                "--dry-run");
        assertEquals(0, two.exitCode(), two.out() + two.err());
        String written = Files.readString(tmp.resolve("runs/.slurm/slurm-cpu_gpu/2026-12-06/shards.sbatch"));
        assertTrue(written.contains(" --suite '" + suite + "' --shard"), written);
    }

    @Test
    void badInputIsExitTwoNamingTheValue() throws Exception {
        assertUsage(submit("--gres", "gpu"), "--gres 'gpu'; expected NAME[:TYPE]:COUNT");
        assertUsage(CliRunner.run("slurm", "submit", "--runs-root", tmp.toString(), "--partition", "cpu;rm",
                "--shards", "2", "--launcher", "x"), "--partition 'cpu;rm'; expected a partition name");
        assertUsage(submit("--time", "four hours"), "--time 'four hours'; expected Slurm's time format");
        for (String malformed : List.of("1-", "4::00", "1:2:3:4", "1-2-3", "-5")) { // sbatch refuses them all
            assertUsage(submit("--time", malformed), "--time '" + malformed + "'; expected Slurm's time format");
        }
        assertUsage(CliRunner.run("slurm", "submit", "--runs-root", tmp.toString(), "--partition", "cpu",
                "--shards", "2", "--launcher", "x", "--date", "06.12.2026"), "--date '06.12.2026'; expected YYYY-MM-DD");
        assertUsage(submit("--max-parallel", "0"), "--max-parallel 0; expected 1 or more");
        assertUsage(submit("--", "--shard", "0/2"), "run option --shard after --: the job script sets --shard itself");
        assertUsage(submit("--", "--out=/x"), "run option --out=/x after --: the job script sets --out itself");
        assertUsage(submit("--", "--backend", "onnxruntime-cpu"), "run options after --: Unknown options: '--backend'");
        assertUsage(submit("--", "--forks", "many"), "run options after --: Invalid value for option '--forks'");
        assertUsage(submit("--", "--forks", "0"), "run options after --: forks = 0; expected 1 or more");
        assertUsage(submit("--", "--scenarios", "nosuch"), "run options after --: unknown scenario 'nosuch'");
        assertUsage(submit("--", "--dtypes", "fp13"),
                "run options after --: --dtypes: dtype = 'fp13'; expected one of");
        // scenario files are read by the tasks, where they are; the settings are checked here all the same
        assertUsage(submit("--", "--scenario-file", "lab/models.yaml", "--forks", "0"),
                "run options after --: forks = 0; expected 1 or more");
        assertUsage(submit("--", "-O", "onnxruntime-cpu.intra_op_threads=-1"), "intra_op_threads");
        // with scenario files too, an option for a version the run does not include (a typo: 1.29 for 1.29.0)
        assertUsage(submit("--", "--scenario-file", "lab/models.yaml", "-O", "onnxruntime-cpu@1.29.intra_op_threads=1"),
                "onnxruntime-cpu@1.29 is not a backend of this run; expected one of its onnxruntime-cpu backends: "
                        + "onnxruntime-cpu\n");
        assertUsage(submit("--", "--scenario-file", "lab/models.yaml", "--backends", "onnxruntime-cpu@1.29.0",
                "-O", "onnxruntime-cpu@1.29.intra_op_threads=1"), "expected one of its onnxruntime-cpu backends: "
                + "onnxruntime-cpu@1.29.0\n");
        assertFalse(Files.exists(tmp.resolve("runs/.slurm")), "nothing written for refused run options");
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertUsage(CliRunner.run("slurm", "submit", "--runs-root", file.toString(), "--partition", "cpu",
                "--shards", "2", "--launcher", "x"), file + " is a file, not a folder");
        assertUsage(submit("--suite", "nighty"), "unknown suite 'nighty'; expected one of:");
        assertUsage(submit("--suite", tmp.resolve("missing.yaml").toString()), "missing.yaml");
        assertUsage(CliRunner.run("slurm", "submit", "--runs-root", tmp.resolve("100%").toString(), "--partition",
                "cpu", "--shards", "2", "--launcher", "x"), "holds a space, a quote or a %");
        CliRunner noLauncher = CliRunner.run("slurm", "submit", "--runs-root", tmp.toString(), "--partition", "cpu",
                "--shards", "2");
        assertUsage(noLauncher, "no launcher for the jobs: expected portbench started through scripts/portbench");
        Path night = Files.createDirectories(tmp.resolve("runs/slurm-cpu/2026-12-06"));
        Files.writeString(night.resolve("results.csv"), "");
        assertUsage(submit(), "the night " + night + " is already merged (results.csv is there)");
    }

    @Test
    void slurmsRefusalIsExitOneInItsOwnWords() {
        CliRunner r = submit("--sbatch", "false");
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("false --parsable ") && r.err().contains("exited 1"), r.err());
    }

    private static void assertUsage(CliRunner r, String expected) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }
}
