package dev.portbench.results;

import java.nio.file.Path;

/**
 * results.csv cannot be read as this build's schema. The message reads {@code FILE:LINE: what is wrong, what was
 * expected}; LINE is the 1-based line where the record starts (the header is line 1), which is later than its record
 * number where an earlier quoted cell held a line break.
 */
public final class ResultsFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Path file;
    private final long line;

    public ResultsFormatException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    public ResultsFormatException(Path file, long line, String problem, Throwable cause) {
        super(file + ":" + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** For problems with the file as a whole (missing): the message reads {@code FILE: problem}, line is 0. */
    public ResultsFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.line = 0;
    }

    public Path file() {
        return file;
    }

    /** 1-based line where the record starts (the header is 1); 0 when the problem is the file as a whole. */
    public long line() {
        return line;
    }
}
