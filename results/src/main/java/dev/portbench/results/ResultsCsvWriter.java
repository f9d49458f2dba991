package dev.portbench.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

    /** The file this writer owns. */
    public Path file() {
        return file;
    }

    /** Adds a row; when this returns, the file on disk holds it and every earlier row. */
    public synchronized void append(ResultRow row) throws IOException {
        Objects.requireNonNull(row, "row");
        if (closed) {
            throw new IllegalStateException("results writer for " + file + " is closed; expected append before close");
        }
        rows.add(row);
        try {
            publish(false);
        } catch (IOException | RuntimeException failed) {
            rows.remove(rows.size() - 1); // the file does not hold it, so neither does the writer
            throw failed;
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
