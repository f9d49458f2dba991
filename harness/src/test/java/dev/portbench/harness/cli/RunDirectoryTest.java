package dev.portbench.harness.cli;

import dev.portbench.harness.run.RunLayout;
import dev.portbench.results.ResultsCsvReader;
import dev.portbench.results.ResultsCsvWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claim writes results.csv, then the run records its plan in run.json: a start that died between the two measured
 * nothing and cannot be resumed, so its directory may be claimed again; anything more in it may not.
 */
class RunDirectoryTest {
    @TempDir
    Path tmp;

    private RunLayout abandoned(String name) throws IOException {
        RunLayout layout = new RunLayout(Files.createDirectories(tmp.resolve(name)));
        ResultsCsvWriter.create(layout.results()).close();
        return layout;
    }

    @Test
    void aStartThatEndedBeforeRecordingItsPlanIsClaimedAgain() throws IOException {
        RunLayout layout = abandoned("run");
        Files.writeString(layout.root().resolve(".results.csv.1f.tmp"), "");
        assertTrue(RunDirectory.abandonedStart(layout));
        RunDirectory.claim(layout).close();
        assertEquals(0, ResultsCsvReader.read(layout.results()).size());
        try (var files = Files.list(layout.root())) {
            assertEquals(List.of(RunLock.FILE, "results.csv"), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "the leftover temporary file went with the old results.csv");
        }

        RunLayout empty = new RunLayout(Files.createDirectories(tmp.resolve("zero")));
        Files.writeString(empty.results(), "");
        assertTrue(RunDirectory.abandonedStart(empty), "a results.csv that never got its header");
    }

    @Test
    void aDirectoryWithAPlanOrAnyOtherFileIsNotAnAbandonedStart() throws IOException {
        RunLayout planned = abandoned("planned");
        Files.writeString(planned.manifest(), "{}");
        assertFalse(RunDirectory.abandonedStart(planned), "a run.json: resume it");
        assertThrows(UsageException.class, () -> RunDirectory.claim(planned));

        RunLayout notes = abandoned("notes");
        Files.writeString(notes.root().resolve("notes.txt"), "mine");
        assertFalse(RunDirectory.abandonedStart(notes));
        assertThrows(UsageException.class, () -> RunDirectory.claim(notes));
        assertEquals("mine", Files.readString(notes.root().resolve("notes.txt")));
    }

    @Test
    void resumingAnAbandonedStartSaysThereIsNothingToResume() throws IOException {
        RunLayout layout = abandoned("resume");
        CliRunner r = CliRunner.run("run", "--resume", layout.root().toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("that run ended before it recorded its plan (no run.json, no rows): nothing was"
                + " measured and there is nothing to resume"), r.err());
    }
}
