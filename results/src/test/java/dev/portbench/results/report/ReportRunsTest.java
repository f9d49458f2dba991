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
        assertEquals(List.of(tmp.resolve("notes")), runs.skipped());
    }

    @Test
    void aDirectoryWithoutAnyRunIsRejectedNamingIt() throws IOException {
        Files.createDirectories(tmp.resolve("empty/not-a-run"));
        ResultsFormatException e = assertThrows(ResultsFormatException.class,
                () -> ReportRuns.load(List.of(tmp.resolve("empty"))));
        assertEquals(tmp.resolve("empty/results.csv") + ": no such file, and none of the 1 subdirectories holds one; "
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
