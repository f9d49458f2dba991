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
        assertEquals("12", Sbatch.jobId("sbatch: warning: something\n12"));
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
}
