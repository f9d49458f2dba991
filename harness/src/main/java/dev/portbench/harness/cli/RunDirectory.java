package dev.portbench.harness.cli;

import dev.portbench.harness.run.RunLayout;
import dev.portbench.results.ResultsCsvWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Claims the run directory before any work: it must be new or empty, and writable. Existing results stay untouched. */
final class RunDirectory {
    private RunDirectory() {
    }

    static ResultsCsvWriter claim(RunLayout layout) {
        Path dir = layout.root();
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new UsageException("--out " + dir + " exists and is not a directory; expected a new or empty"
                        + " directory");
            }
            if (Files.exists(layout.results())) {
                throw new UsageException("--out " + dir + " already holds results.csv from an earlier run;"
                        + " portbench never overwrites results: choose a new --out");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException("--out " + dir + " is not empty; expected a new or empty directory so"
                            + " that a run's files are never mixed with others");
                }
            } catch (IOException e) {
                throw new UsageException("--out " + dir + " cannot be read: " + e.getMessage());
            }
        }
        OutputPaths.checkFolder("--out", dir);
        try {
            Files.createDirectories(dir);
            return ResultsCsvWriter.create(layout.results());
        } catch (IOException e) {
            throw new UsageException("--out " + dir + " cannot be written: " + e.getMessage() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
