package dev.portbench.results.runs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** A merge killed outright leaves its building folder; the next merge into that night removes it. */
    @Test
    void theNextMergeRemovesTheFolderOfAMergeWhoseProcessIsGone(@TempDir Path tmp) throws Exception {
        Path run = SyntheticRun.at(tmp.resolve("shard-0")).add(SyntheticRun.okRow("dense-tiny", "b", 1000, 10)).write();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path killed = tmp.resolve(".night.merging-" + ended.pid() + "-x1");
        Files.createDirectories(killed.resolve("outputs"));
        Files.writeString(killed.resolve("outputs/logits.npy"), "half copied");
        Path running = tmp.resolve(".night.merging-" + ProcessHandle.current().pid() + "-y2");
        Path noPid = tmp.resolve(".night.merging-k3");
        Path otherNight = tmp.resolve(".other.merging-" + ended.pid() + "-z4");
        for (Path kept : List.of(running, noPid, otherNight)) {
            Files.createDirectories(kept);
        }

        assertEquals(1, RunMerge.merge(List.of(run), tmp.resolve("night")).rows());

        assertFalse(Files.exists(killed), "the dead merge's folder is gone");
        for (Path kept : List.of(running, noPid, otherNight)) {
            assertTrue(Files.isDirectory(kept), kept + " is kept: its merge may still run, or it is another night's");
        }
        assertEquals(Stream.of(".night.merging-k3", ".night.merging-" + ProcessHandle.current().pid() + "-y2",
                ".other.merging-" + ended.pid() + "-z4", "night", "shard-0").sorted().toList(), names(tmp),
                "nothing else left beside the night, this merge's own folder included");
    }

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
