package dev.portbench.harness.cli;

import dev.portbench.harness.run.RunLayout;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Guards the files and folders the commands write: a slip of --out must never destroy a run's own records, and a path
 * that cannot be created is a usage error named before anything is written, not an internal error after.
 */
final class ReportOutput {

    private ReportOutput() {
    }

    /**
     * @throws UsageException when {@code file} is named like a run's own record (results.csv, run.json, env.json,
     *                        complete.json, env-resume-N.json), is a directory, or lies under a regular file
     */
    static Path check(String option, Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (RunLayout.isRunRecord(name)) {
            throw new UsageException(option + " " + file + ": refusing to write over " + name + ", a run's own record;"
                    + " expected another file name");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(option + " " + file + ": is a directory; expected a file path");
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            checkFolder(option, file, parent);
        }
        return file;
    }

    /**
     * @throws UsageException when {@code folder}, or the nearest of its parents that exists, is not a directory: the
     *                        folders a command creates cannot be made there
     */
    static Path checkFolder(String option, Path folder) {
        return checkFolder(option, folder, folder.toAbsolutePath().normalize());
    }

    private static Path checkFolder(String option, Path given, Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new UsageException(option + " " + given + ": cannot be written, " + existing + " is a file, not a"
                    + " folder; expected a path whose folders exist or can be created");
        }
        return given;
    }
}
