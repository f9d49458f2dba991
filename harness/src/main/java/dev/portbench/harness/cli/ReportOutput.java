package dev.portbench.harness.cli;

import dev.portbench.results.runs.RunFiles;

import java.nio.file.Files;
import java.nio.file.Path;

/** Guards the files that compare, matrix, gate and report write: a slip of --out must never destroy a run's results. */
final class ReportOutput {

    private ReportOutput() {
    }

    /** @throws UsageException when {@code file} is a results.csv or a directory */
    static Path check(String option, Path file) {
        if (file.getFileName() != null && file.getFileName().toString().equals(RunFiles.RESULTS_CSV)) {
            throw new UsageException(option + " " + file + ": refusing to write over a run's results.csv; expected "
                    + "another file name, e.g. compare.csv");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(option + " " + file + ": is a directory; expected a file path");
        }
        return file;
    }
}
