package dev.portbench.harness.cli;

import dev.portbench.results.runs.RunFiles;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Guards the files and folders the commands write: a slip of --out must never destroy a run's own records, and a path
 * that cannot be created is a usage error named before anything is written, not an internal error after.
 */
final class OutputPaths {

    private OutputPaths() {
    }

    /**
     * @throws UsageException when {@code file} is a directory, is named like a run's own record (results.csv,
     *                        run.json, env.json, env-resume-N.json, complete.json), or its folders cannot be made
     */
    static Path check(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new UsageException(option + " " + file + ": is a directory; expected a file path");
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (RunFiles.isRunRecord(name)) {
            throw new UsageException(option + " " + file + ": refusing to write over " + name + ", a run's own record;"
                    + " expected another file name");
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            checkFolder(option, file, parent);
        }
        return file;
    }

    /**
     * @throws UsageException when {@code folder}, or the nearest of its parents that exists, is not a directory this
     *                        process may write in: the folders a command creates cannot be made there
     */
    static Path checkFolder(String option, Path folder) {
        return checkFolder(option, folder, folder.toAbsolutePath().normalize());
    }

    private static Path checkFolder(String option, Path given, Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return given;
        }
        if (!Files.isDirectory(existing)) {
            throw new UsageException(option + " " + given + ": cannot be written, " + existing + " is a file, not a"
                    + " folder; expected a path whose folders exist or can be created");
        }
        if (!Files.isWritable(existing)) {
            throw new UsageException(option + " " + given + ": cannot be written, the folder " + existing + " is not"
                    + " writable; expected a folder this user may write in");
        }
        return given;
    }
}
