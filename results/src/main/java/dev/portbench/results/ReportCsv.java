package dev.portbench.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV meant for reports and spreadsheets (comparisons, migration matrices, history): RFC 4180 like results.csv,
 * numbers in the same locale-independent form, every text cell passed through {@link SpreadsheetSafe}, written
 * atomically. Rows must have exactly one cell per header column.
 */
public final class ReportCsv {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public ReportCsv(List<String> header) {
        this.header = List.copyOf(header);
    }

    public List<String> header() {
        return header;
    }

    /** Starts a row; {@link Row#end()} adds it. */
    public Row row() {
        return new Row();
    }

    public int size() {
        return rows.size();
    }

    public String render() {
        StringBuilder out = new StringBuilder(128 * (rows.size() + 1));
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            printer.printRecord(header);
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException cannotHappen) { // a StringBuilder does not fail
            throw new UncheckedIOException(cannotHappen);
        }
        return out.toString();
    }

    public void write(Path file) throws IOException {
        TextFiles.writeAtomically(file, render());
    }

    /** The cells of one row, in header order. */
    public final class Row {
        private final List<String> cells = new ArrayList<>(header.size());

        private Row() {
        }

        public Row text(String text) {
            cells.add(SpreadsheetSafe.text(text));
            return this;
        }

        /** A number in results.csv's form; NaN or an infinity is an empty cell (not measured). */
        public Row number(double value) {
            cells.add(Double.isFinite(value) ? Decimals.format(value) : "");
            return this;
        }

        /** A value read from results.csv: empty when not recorded, {@code NaN} when recorded as NaN (a drift metric). */
        public Row number(OptionalDouble value) {
            if (value.isPresent() && !Double.isFinite(value.getAsDouble())) {
                cells.add(DriftColumns.NAN);
                return this;
            }
            return number(value.orElse(Double.NaN));
        }

        /**
         * A drift metric computed from two outputs: NaN or an infinity is written {@code NaN} (the outputs were not
         * finite), never an empty cell that would read as "not compared".
         */
        public Row drift(double value) {
            cells.add(Double.isFinite(value) ? Decimals.format(value) : DriftColumns.NAN);
            return this;
        }

        public Row integer(long value) {
            cells.add(Long.toString(value));
            return this;
        }

        public Row integer(OptionalLong value) {
            cells.add(value.isPresent() ? Long.toString(value.getAsLong()) : "");
            return this;
        }

        public void end() {
            if (cells.size() != header.size()) {
                throw new IllegalStateException("report row has " + cells.size() + " cells; expected "
                        + header.size() + ", one per column of " + header);
            }
            rows.add(List.copyOf(cells));
        }
    }
}
