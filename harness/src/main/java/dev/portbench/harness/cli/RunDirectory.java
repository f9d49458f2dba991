package dev.portbench.harness.cli;

import dev.portbench.harness.run.RunLayout;
import dev.portbench.results.ResultsCsvReader;
import dev.portbench.results.ResultsCsvWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Claims the run directory before any work: it must be new or empty (or an abandoned start, see
 * {@link #abandonedStart}), and writable. Existing results stay untouched.
 */
final class RunDirectory {
    private RunDirectory() {
    }

    /** The run directory's lock, held for the session, and its new results.csv. */
    record Claim(RunLock lock, ResultsCsvWriter results) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                results.close();
            } finally {
                lock.close();
            }
        }
    }

    static Claim claim(RunLayout layout) {
        Path dir = layout.root();
        RunLock lock = null;
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new UsageException("--out " + dir + " exists and is not a directory; expected a new or"
                            + " empty directory");
                }
                if (abandonedStart(layout)) {
                    lock = RunLock.take(layout); // a session that is still starting holds it
                    removeAbandonedStart(layout);
                } else if (Files.exists(layout.results())) {
                    throw new UsageException("--out " + dir + " already holds results.csv from an earlier run;"
                            + " portbench never overwrites results: choose a new --out");
                } else {
                    requireEmpty(dir);
                }
            }
            OutputPaths.checkFolder("--out", dir);
            try {
                Files.createDirectories(dir);
                if (lock == null) {
                    lock = RunLock.take(layout);
                }
                return new Claim(lock, ResultsCsvWriter.create(layout.results()));
            } catch (IOException e) {
                throw new UsageException("--out " + dir + " cannot be written: " + e.getMessage() + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        } catch (RuntimeException e) {
            if (lock != null) {
                try {
                    lock.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static void requireEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new UsageException("--out " + dir + " is not empty; expected a new or empty directory so"
                        + " that a run's files are never mixed with others");
            }
        } catch (IOException e) {
            throw new UsageException("--out " + dir + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Whether {@code DIR} is a start that ended before it recorded its plan: results.csv without a row (the claim
     * writes it first), no run.json, and nothing else but temporary files. Nothing was measured, so nothing is lost by
     * starting again there; a resume could not continue it, having no plan.
     */
    static boolean abandonedStart(RunLayout layout) {
        Path results = layout.results();
        if (!Files.isRegularFile(results) || Files.exists(layout.manifest())) {
            return false;
        }
        try (Stream<Path> entries = Files.list(layout.root())) {
            if (entries.map(p -> p.getFileName().toString())
                    .anyMatch(n -> !n.equals(results.getFileName().toString()) && !n.startsWith("."))) {
                return false;
            }
            return Files.size(results) == 0 || ResultsCsvReader.read(results).isEmpty();
        } catch (IOException | RuntimeException unreadable) {
            return false; // a file portbench cannot read is not one it may remove
        }
    }

    private static void removeAbandonedStart(RunLayout layout) {
        try (Stream<Path> entries = Files.list(layout.root())) {
            for (Path p : entries.toList()) {
                if (!p.getFileName().toString().equals(RunLock.FILE)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UsageException("--out " + layout.root() + " holds an empty results.csv from a start that ended"
                    + " before recording its plan, and it cannot be removed: " + e.getMessage());
        }
    }
}
