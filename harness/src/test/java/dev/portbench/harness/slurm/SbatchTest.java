package dev.portbench.harness.slurm;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SbatchTest {

    @Test
    void readsTheJobIdOfParsableOutput() {
        assertEquals("4711", Sbatch.jobId("4711\n"));
        assertEquals("4711", Sbatch.jobId("4711;lab-cluster"));
        assertThrows(SlurmException.class, () -> Sbatch.jobId("12\n13"), "stdout holds one id; warnings go to stderr");
        SlurmException e = assertThrows(SlurmException.class, () -> Sbatch.jobId("Submitted batch job"));
        assertTrue(e.getMessage().contains("expected a job id"), e.getMessage());
    }

    @Test
    void addsParsableAndTheDependency() {
        Sbatch s = new Sbatch("sbatch", null);
        assertEquals(List.of("sbatch", "--parsable", "/x/shards.sbatch"), s.arguments(Path.of("/x/shards.sbatch"), null));
        assertEquals(List.of("sbatch", "--parsable", "--dependency=afterany:17", "/x/merge.sbatch"),
                s.arguments(Path.of("/x/merge.sbatch"), "17"));
    }

    @Test
    void aMissingOrFailingSbatchIsReportedInItsOwnWords() {
        SlurmException missing = assertThrows(SlurmException.class,
                () -> new Sbatch("/nonexistent/sbatch", null).submit(Path.of("/x.sbatch"), null));
        assertTrue(missing.getMessage().contains("expected Slurm's client on PATH"), missing.getMessage());
        // a stand-in that fails as sbatch does on a bad partition: its words come back with its exit code
        SlurmException refused = assertThrows(SlurmException.class, () -> new Sbatch("false", null)
                .submit(Path.of("/x.sbatch"), null));
        assertTrue(refused.getMessage().startsWith("false --parsable /x.sbatch exited 1"), refused.getMessage());
    }

    /** sbatch's warnings on stderr do not hide the id on stdout; its error on stderr is what a refusal says. */
    @Test
    void theIdComesFromStdoutAndTheRefusalFromStderr(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path ok = java.nio.file.Files.writeString(tmp.resolve("ok"), "#!/usr/bin/env bash\n"
                + "echo 'sbatch: warning: --exclusive on a shared partition' >&2\necho '4711;lab'\n"
                + "echo \"npus=${ASCEND_RT_VISIBLE_DEVICES:-unset}\" >&2; [[ -z \"${ASCEND_RT_VISIBLE_DEVICES:-}\" ]]\n");
        Path refuses = java.nio.file.Files.writeString(tmp.resolve("no"), "#!/usr/bin/env bash\n"
                + "echo 'sbatch: error: invalid partition specified: gpu' >&2\nexit 1\n");
        for (Path p : List.of(ok, refuses)) {
            java.nio.file.Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions
                    .fromString("rwxr-xr-x"));
        }
        // the job would inherit a device list of the submitting shell; sbatch runs without it
        java.util.Map<String, String> shell = new java.util.HashMap<>(System.getenv());
        shell.put("ASCEND_RT_VISIBLE_DEVICES", "6,7");
        assertEquals("4711", new Sbatch(ok.toString(), null, shell).submit(Path.of("/x.sbatch"), null));
        SlurmException e = assertThrows(SlurmException.class,
                () -> new Sbatch(refuses.toString(), null).submit(Path.of("/x.sbatch"), null));
        assertTrue(e.getMessage().endsWith("exited 1: sbatch: error: invalid partition specified: gpu"),
                e.getMessage());
    }
}
