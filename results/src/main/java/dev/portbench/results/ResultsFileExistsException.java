package dev.portbench.results;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * Thrown by {@link ResultsCsvWriter#create(Path)} when the results file already exists. A results file is the record
 * of a run that cannot be repeated (that night, that host), so it is never overwritten or appended to by a new run.
 */
public final class ResultsFileExistsException extends FileAlreadyExistsException {

    public ResultsFileExistsException(Path file) {
        super(file.toString(), null, "results file already exists; existing results are never overwritten "
                + "(expected a path that does not exist yet, e.g. a fresh run directory)");
    }
}
