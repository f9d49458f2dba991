package dev.portbench.harness.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
