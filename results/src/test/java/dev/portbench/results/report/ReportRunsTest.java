package dev.portbench.results.report;

import dev.portbench.results.ResultsFormatException;
import dev.portbench.results.runs.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReportRunsTest {

    @TempDir
    Path tmp;

    private static List<String> ids(ReportRuns runs) {
        return runs.runs().stream().map(RunResults::label).toList();
    }

    @Test
    void aDirectoryOfRunsIsExpandedAndOrderedByStartTime() throws IOException {
        ReportRuns runs = ReportRuns.load(List.of(SyntheticRuns.threeNights(tmp)));
        assertEquals(List.of("night-1", "night-2", "night-3"), ids(runs));
        assertEquals("night-3", runs.latest().label());
        assertEquals(List.of(), runs.skipped());
    }

    @Test
    void runsNamedTwiceCountOnceAndArgumentsMix() throws IOException {
        SyntheticRuns.threeNights(tmp.resolve("nights"));
        Path extra = SyntheticRuns.night(tmp.resolve("elsewhere"), 4, false);
        ReportRuns runs = ReportRuns.load(List.of(extra, tmp.resolve("nights"), tmp.resolve("nights/b-second")));
        assertEquals(List.of("night-1", "night-2", "night-3", "night-4"), ids(runs));
    }

    @Test
    void subdirectoriesWithoutResultsAreSkippedAndListed() throws IOException {
        SyntheticRuns.threeNights(tmp);
        Files.createDirectories(tmp.resolve("notes"));
        ReportRuns runs = ReportRuns.load(List.of(tmp));
        assertEquals(3, runs.size());
        assertEquals(List.of(new ReportRuns.Skipped(tmp.resolve("notes"), "no results.csv")), runs.skipped());
    }

    /** As gate --history reads a folder of nights: a dot folder is none, an unfinished run is skipped and named. */
    @Test
    void dotFoldersAreNoNightsAndUnfinishedRunsAreSkippedAndListed() throws IOException {
        SyntheticRuns.threeNights(tmp);
        Path staging = SyntheticRuns.night(tmp.resolve(".2026-11-04.merging-123-x"), 4, false);
        Path running = SyntheticRuns.night(tmp.resolve("z-running"), 5, false);
        Files.writeString(running.resolve("run.json"), "{}");
        ReportRuns runs = ReportRuns.load(List.of(tmp));
        assertEquals(List.of("night-1", "night-2", "night-3"), ids(runs));
        assertEquals(List.of(new ReportRuns.Skipped(running, "run.json but no complete.json (still running, or"
                + " interrupted: 'portbench run --resume " + running + "' finishes it)")), runs.skipped());
        assertTrue(Files.exists(staging.resolve("results.csv")));

        Files.writeString(running.resolve("complete.json"), "{}");
        assertEquals(List.of("night-1", "night-2", "night-3", "night-5"), ids(ReportRuns.load(List.of(tmp))));
        assertEquals("night-4", ids(ReportRuns.load(List.of(staging))).get(0), "named itself, a run is read");
    }

    @Test
    void aDirectoryWithoutAnyRunIsRejectedNamingIt() throws IOException {
        Files.createDirectories(tmp.resolve("empty/not-a-run"));
        ResultsFormatException e = assertThrows(ResultsFormatException.class,
                () -> ReportRuns.load(List.of(tmp.resolve("empty"))));
        assertEquals(tmp.resolve("empty/results.csv") + ": no such file, and none of the 1 subdirectories holds a"
                + " finished run; "
                + "expected a run directory holding results.csv or a directory of run directories", e.getMessage());
    }

    @Test
    void aMissingDirectoryIsRejectedNamingIt() {
        ResultsFormatException e = assertThrows(ResultsFormatException.class,
                () -> ReportRuns.load(List.of(tmp.resolve("absent"))));
        assertEquals(tmp.resolve("absent") + ": no such directory; expected a run directory holding results.csv",
                e.getMessage());
    }
}
