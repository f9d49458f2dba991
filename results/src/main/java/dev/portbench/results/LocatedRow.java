package dev.portbench.results;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A row of results.csv with the file and 1-based line it was read from (the header is line 1), so a problem found
 * after reading (a duplicated cell, a value out of range) is reported where the user can fix it.
 */
public record LocatedRow(Path file, long line, ResultRow row) {

    public LocatedRow {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(row, "row");
    }

    /** {@code FILE:LINE}, the prefix of every message about this row. */
    public String where() {
        return file + ":" + line;
    }
}
