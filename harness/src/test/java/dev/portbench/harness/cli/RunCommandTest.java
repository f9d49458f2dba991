package dev.portbench.harness.cli;

import dev.portbench.harness.plan.JmhSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest {

    /** README: --checkpoint runs the folder as a scenario, alone unless --scenarios names others; never dropped. */
    @Test
    void aCheckpointGivenIsRunAloneOrBesideTheScenariosNamed() {
        assertNull(RunCommand.withCheckpoint(null, null), "neither: the suite's matrix");
        assertEquals(List.of("dense-tiny"), RunCommand.withCheckpoint(List.of("dense-tiny"), null));
        assertEquals(List.of("llama-2l"), RunCommand.withCheckpoint(null, "llama-2l"));
        assertEquals(List.of("llama-2l", "dense-tiny", "moe-tiny"),
                RunCommand.withCheckpoint(List.of("dense-tiny", "moe-tiny"), "llama-2l"));
        assertEquals(List.of("dense-tiny", "llama-2l"),
                RunCommand.withCheckpoint(List.of("dense-tiny", "llama-2l"), "llama-2l"), "named: where named");
    }

    /** --forks and --max-forks are applied together: one may name what the other allows. */
    @Test
    void forksAndMaxForksAreAppliedTogether() {
        JmhSettings nightly = new JmhSettings(Duration.ofSeconds(15), 4, Duration.ofSeconds(1), 10, 30, 0.025);
        JmhSettings one = RunCommand.withForks(nightly, 1, 1);
        assertEquals(1, one.forks());
        assertEquals(1, one.maxForks());
        assertEquals(one, RunCommand.withForks(nightly, 1, 0), "0: no further forks");
        assertEquals(10, RunCommand.withForks(nightly, null, 0).maxForks());
        assertEquals(30, RunCommand.withForks(nightly, 5, null).maxForks(), "the suite's cap");
        assertEquals(40, RunCommand.withForks(nightly, 40, null).maxForks(), "a cap below the forks rises to them");
        JmhSettings raised = RunCommand.withForks(nightly, 40, 60);
        assertEquals(60, raised.maxForks());
        assertEquals(0.025, raised.targetHalfWidth(), "the suite's own target, not the default");
        assertEquals(0.05, RunCommand.withForks(new JmhSettings(Duration.ZERO, 4, Duration.ofSeconds(1), 3), null,
                12).targetHalfWidth(), "a cap on a suite without one: the default target");
        UsageException lone = assertThrows(UsageException.class, () -> RunCommand.withForks(nightly, 1, null));
        assertTrue(lone.getMessage().startsWith("--forks 1 with the suite's max_forks 30: further forks need at least 2"
                + " planned forks"), lone.getMessage());
        UsageException below = assertThrows(UsageException.class, () -> RunCommand.withForks(nightly, 10, 5));
        assertEquals("--max-forks 5 is below the 10 forks every cell gets; expected at least 10 (or 0 for no further"
                + " forks)", below.getMessage());
        UsageException none = assertThrows(UsageException.class, () -> RunCommand.withForks(nightly, 0, null));
        assertTrue(none.getMessage().startsWith("forks = 0; expected 1 or more"), none.getMessage());
        UsageException huge = assertThrows(UsageException.class, () -> RunCommand.withForks(nightly, 10, 5000));
        assertTrue(huge.getMessage().contains("max forks = 5000; expected at most 1000"), huge.getMessage());
    }
}
