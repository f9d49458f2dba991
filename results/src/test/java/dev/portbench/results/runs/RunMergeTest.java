package dev.portbench.results.runs;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link RunMerge}'s names under sources/: the same runs get the same names in whatever order they are given. */
class RunMergeTest {

    private static final Path A = Path.of("/runs/hostA/2026-11-22");
    private static final Path B = Path.of("/runs/hostB/2026-11-22");
    private static final Path SHARD = Path.of("/runs/.slurm/fleet/2026-11-22/shard-0");

    @Test
    void everyRunSharingANameTakesItsParentsWhateverTheOrder() {
        Map<String, Path> ab = RunMerge.sourceNames(List.of(A, B, SHARD));
        Map<String, Path> ba = RunMerge.sourceNames(List.of(SHARD, B, A));
        Map<String, Path> expected = Map.of("hostA-2026-11-22", A, "hostB-2026-11-22", B, "shard-0", SHARD);
        assertEquals(expected, ab);
        assertEquals(expected, ba);
        assertEquals(List.of("shard-0", "hostB-2026-11-22", "hostA-2026-11-22"), List.copyOf(ba.keySet()),
                "listed in the order given");
    }

    @Test
    void runsStillAlikeAreNumberedInTheOrderOfTheirPaths() {
        Path one = Path.of("/x/lab/d");
        Path two = Path.of("/y/lab/d");
        Path taken = Path.of("/z/lab-d"); // its own name is what the other two become with their parent's
        Map<String, Path> expected = Map.of("lab-d-1", one, "lab-d-2", two, "lab-d-3", taken);
        assertEquals(expected, RunMerge.sourceNames(List.of(one, two, taken)));
        assertEquals(expected, RunMerge.sourceNames(List.of(taken, two, one)));
    }

    @Test
    void aRunGivenTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunMerge.sourceNames(List.of(A, Path.of("/runs/hostA/../hostA/2026-11-22"))));
        assertEquals("runs [" + A + ", /runs/hostA/../hostA/2026-11-22] name a directory twice; expected each run"
                + " once", e.getMessage());
    }
}
