package dev.portbench.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes results.csv one cell at a time, so a run that dies half way still leaves every finished cell on disk.
 *
 * <p>Each {@link #append} rewrites the header and all rows so far into a sibling temporary file, forces it to the
 * device and renames it over the target with {@code ATOMIC_MOVE}: a reader (or a crash) sees the previous complete
 * file or the new complete file, never a torn one. Rewriting everything costs O(rows) per append, which is nothing
 * next to a benchmark cell (rows are in the hundreds, cells take seconds to minutes).
 *
 * <p>Format: Commons CSV {@code CSVFormat.DEFAULT} (RFC 4180: comma, CRLF, double quotes around cells holding a
 * comma, a quote or a line break, quotes doubled), UTF-8, header first. Not for concurrent use by several threads
 * without the caller's own ordering; {@code append} itself is synchronized.
 */
public final class ResultsCsvWriter implements AutoCloseable {

    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT.builder().setHeader(ResultsSchema.header().toArray(String[]::new)).get();

    private final Path file;
    private final List<ResultRow> rows = new ArrayList<>();
    private boolean closed;

    private ResultsCsvWriter(Path file) {
        this.file = file;
    }

    /**
     * Creates {@code file} holding only the header.
     *
     * @throws ResultsFileExistsException if {@code file} already exists; it is left untouched
     */
    public static ResultsCsvWriter create(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ResultsFileExistsException(file);
        }
        ResultsCsvWriter writer = new ResultsCsvWriter(file);
        writer.publish(true);
        return writer;
    }

    /**
     * Continues an existing results.csv (a resumed run): its rows are read strictly ({@link ResultsCsvReader}) and kept
     * exactly as they are; appends and removals rewrite the file atomically as for a new one.
     *
     * @throws ResultsFormatException if the file is missing or not this build's schema; it is left untouched
     */
    public static ResultsCsvWriter resume(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        ResultsCsvWriter writer = new ResultsCsvWriter(file);
        writer.rows.addAll(ResultsCsvReader.read(file));
        return writer;
    }

    /** The file this writer owns. */
    public Path file() {
        return file;
    }

    /** Adds a row; when this returns, the file on disk holds it and every earlier row. */
    public synchronized void append(ResultRow row) throws IOException {
        appendAll(List.of(row));
    }

    /**
     * Adds rows in one atomic rewrite (a cell's: a decode cell has two; a merged night's: all of them): the file on
     * disk holds all of them or, if this throws, none, so a crash never leaves half a cell.
     */
    public synchronized void appendAll(List<ResultRow> cellRows) throws IOException {
        cellRows.forEach(r -> Objects.requireNonNull(r, "row"));
        requireOpen();
        int before = rows.size();
        rows.addAll(cellRows);
        try {
            publish(false);
        } catch (IOException | RuntimeException failed) {
            rows.subList(before, rows.size()).clear(); // the file does not hold them, so neither does the writer
            throw failed;
        }
    }

    /**
     * Removes the rows {@code which} selects in one atomic rewrite (rows about to be measured again).
     *
     * @return how many rows were removed; 0 leaves the file untouched
     */
    public synchronized int removeIf(Predicate<ResultRow> which) throws IOException {
        requireOpen();
        List<ResultRow> kept = rows.stream().filter(which.negate()).toList();
        int removed = rows.size() - kept.size();
        if (removed == 0) {
            return 0;
        }
        List<ResultRow> all = List.copyOf(rows);
        rows.clear();
        rows.addAll(kept);
        try {
            publish(false);
        } catch (IOException | RuntimeException failed) {
            rows.clear();
            rows.addAll(all);
            throw failed;
        }
        return removed;
    }

    /** Every row the file holds, in file order. */
    public synchronized List<ResultRow> rows() {
        return List.copyOf(rows);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("results writer for " + file + " is closed; expected append before close");
        }
    }

    /** Rows appended so far. */
    public synchronized int size() {
        return rows.size();
    }

    /** Stops further appends. Every appended row is already durable, so there is nothing to flush. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    private void publish(boolean first) throws IOException {
        byte[] bytes = render().getBytes(StandardCharsets.UTF_8);
        Path temp = AtomicFiles.writeTemp(file, bytes);
        try {
            if (first) {
                AtomicFiles.publishNew(temp, file, () -> new ResultsFileExistsException(file));
            } else {
                AtomicFiles.replace(temp, file);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private String render() throws IOException {
        StringBuilder out = new StringBuilder(256 * (rows.size() + 1));
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) { // prints the header first
            for (ResultRow row : rows) {
                printer.printRecord(row.values());
            }
        }
        return out.toString();
    }
}
