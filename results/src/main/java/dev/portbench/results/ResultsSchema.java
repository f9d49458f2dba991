package dev.portbench.results;

import java.util.List;
import java.util.stream.Stream;

/**
 * The version and header of results.csv.
 *
 * <p>{@link #VERSION} is written in every row and bumped on any change of the columns or of their meaning; readers
 * reject every other version instead of guessing, so compare and gate never mix incompatible runs silently.
 */
public final class ResultsSchema {

    public static final int VERSION = 6;

    private static final List<String> HEADER = Stream.of(Column.values()).map(Column::csvName).toList();

    private ResultsSchema() {
    }

    /** Column names in file order (unmodifiable). */
    public static List<String> header() {
        return HEADER;
    }
}
