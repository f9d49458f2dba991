package dev.portbench.results;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads results.csv back into rows, strictly: compare and gate must never act on a file they half understand, so
 * anything that is not exactly this build's schema is a {@link ResultsFormatException} naming the file and line.
 *
 * <p>Columns are matched by header name, so the order in the file does not matter (the writer always uses
 * {@link Column} order); missing, unknown and duplicated columns are all rejected.
 */
public final class ResultsCsvReader {

    // No header configured: the header is read as record 1, on line 1.
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT;

    private ResultsCsvReader() {
    }

    /**
     * All rows of {@code file}, in file order.
     *
     * @throws ResultsFormatException if the file is missing, empty, or not schema {@link ResultsSchema#VERSION}
     * @throws IOException on any other failure to read the file
     */
    public static List<ResultRow> read(Path file) throws IOException {
        return readLocated(file).stream().map(LocatedRow::row).toList();
    }

    /**
     * All rows of {@code file} with the line each was read from, so later checks (a duplicated cell, a value out of
     * range) can point at it.
     *
     * @throws ResultsFormatException as {@link #read}
     * @throws IOException as {@link #read}
     */
    public static List<LocatedRow> readLocated(Path file) throws IOException {
        try (Reader reader = withoutByteOrderMark(Files.newBufferedReader(file, StandardCharsets.UTF_8));
             CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            requireLineEnd(file);
            Iterator<CSVRecord> records = parser.iterator();
            if (!next(file, records, 1)) {
                throw new ResultsFormatException(file, 1, "empty file; expected the header line "
                        + String.join(",", ResultsSchema.header()));
            }
            CSVRecord header = records.next();
            Column[] columns;
            try {
                columns = columns(file, header);
            } catch (ResultsFormatException otherHeader) { // another version's columns: say which version first
                int version = header.toList().indexOf(Column.SCHEMA_VERSION.csvName());
                if (version >= 0 && next(file, records, 2)) {
                    CSVRecord first = records.next();
                    if (version < first.size()) {
                        requireThisVersion(file, first.getRecordNumber(), first.get(version));
                    }
                }
                throw otherHeader;
            }
            List<LocatedRow> rows = new ArrayList<>();
            // a record starts on the line after the last one read: a quoted value may span lines (a reason with a
            // line break), so the record's number is not its line
            for (long line = parser.getCurrentLineNumber() + 1; next(file, records, line);
                 line = parser.getCurrentLineNumber() + 1) {
                rows.add(new LocatedRow(file, line, row(file, records.next(), columns, line)));
            }
            return rows;
        } catch (NoSuchFileException missing) {
            throw new ResultsFormatException(file, "no such file; expected a results.csv written by portbench",
                    missing);
        } catch (CharacterCodingException notUtf8) {
            throw new ResultsFormatException(file, "not valid UTF-8; expected results.csv as portbench writes it, in "
                    + "UTF-8", notUtf8);
        }
    }

    /**
     * The writer replaces the whole file atomically and ends every line, the last one included; a file whose last byte
     * is no line end was cut short (a copy broken off, a full disk), and its last value may be a number that lost
     * digits and still parses. Checked before the records are: a cut row would otherwise read as a row of too few
     * cells. The line named is the file's last physical line, its last record's unless a quoted value spans lines.
     */
    private static void requireLineEnd(Path file) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            if (channel.size() == 0 || channel.position(channel.size() - 1).read(last) != 1 || last.get(0) == '\n') {
                return;
            }
        }
        long lines = 1;
        for (byte b : Files.readAllBytes(file)) {
            lines += b == '\n' ? 1 : 0;
        }
        throw new ResultsFormatException(file, lines, "the last line has no line end, so the file was cut short;"
                + " expected the file to end in a line end, as portbench ends every line (CRLF)");
    }

    /** Commons CSV reports malformed input (an unclosed quote) as UncheckedIOException from the iterator. */
    private static boolean next(Path file, Iterator<CSVRecord> records, long line) {
        try {
            return records.hasNext();
        } catch (UncheckedIOException malformed) {
            if (malformed.getCause() instanceof CharacterCodingException) { // e.g. a hand edit saved as Latin-1
                throw new ResultsFormatException(file, line, "not valid UTF-8 at or after this line; expected "
                        + "results.csv as portbench writes it, in UTF-8", malformed);
            }
            throw new ResultsFormatException(file, line, "malformed CSV (" + malformed.getCause().getMessage()
                    + "); expected RFC 4180 records", malformed);
        }
    }

    private static void requireThisVersion(Path file, long line, String version) {
        if (!version.equals(Integer.toString(ResultsSchema.VERSION))) {
            throw new ResultsFormatException(file, line, "schema_version is \"" + version + "\"; this build reads only "
                    + "schema version " + ResultsSchema.VERSION + " (files of another version need the portbench "
                    + "release that wrote them)");
        }
    }

    /** Skips the byte-order mark of a spreadsheet's "CSV UTF-8", which would read as part of the first column name. */
    private static Reader withoutByteOrderMark(java.io.BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /** The column of each position in the file, checked against the schema. */
    private static Column[] columns(Path file, CSVRecord header) {
        Column[] columns = new Column[header.size()];
        Set<String> unknown = new LinkedHashSet<>();
        Set<String> duplicated = new LinkedHashSet<>();
        Set<Column> seen = new LinkedHashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            Column column = Column.fromCsvName(name).orElse(null);
            if (column == null) {
                unknown.add(name);
            } else if (!seen.add(column)) {
                duplicated.add(name);
            }
            columns[i] = column;
        }
        List<String> missing = new ArrayList<>();
        for (Column column : Column.values()) {
            if (!seen.contains(column)) {
                missing.add(column.csvName());
            }
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing columns " + missing);
        }
        if (!unknown.isEmpty()) {
            problems.add("unknown columns " + unknown);
        }
        if (!duplicated.isEmpty()) {
            problems.add("duplicated columns " + duplicated);
        }
        if (!problems.isEmpty()) {
            throw new ResultsFormatException(file, header.getRecordNumber(), "header does not match schema version "
                    + ResultsSchema.VERSION + ": " + String.join("; ", problems) + "; expected exactly the columns "
                    + ResultsSchema.header());
        }
        return columns;
    }

    private static ResultRow row(Path file, CSVRecord record, Column[] columns, long line) {
        if (record.size() != columns.length) {
            throw new ResultsFormatException(file, line, "row has " + record.size() + " cells; expected "
                    + columns.length + ", one per header column");
        }
        Map<Column, String> cells = new HashMap<>();
        for (int i = 0; i < columns.length; i++) {
            cells.put(columns[i], record.get(i));
        }
        requireThisVersion(file, line, cells.get(Column.SCHEMA_VERSION));
        if (cells.get(Column.STATUS).isEmpty()) {
            throw new ResultsFormatException(file, line, "column status is empty; expected one of "
                    + Arrays.toString(CellStatus.values()));
        }
        ResultRow.Builder builder = ResultRow.builder();
        try {
            for (Column column : Column.values()) {
                builder.set(column, cells.get(column));
            }
        } catch (IllegalArgumentException badCell) {
            throw new ResultsFormatException(file, line, badCell.getMessage(), badCell);
        }
        return builder.build();
    }
}
