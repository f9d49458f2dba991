package dev.portbench.results;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * One row of results.csv: one benchmark cell. Immutable; cells are held as the exact text written to the file, so
 * what a reader gets back is what the writer wrote.
 *
 * <p>Numbers: DECIMAL cells are written the same in every locale ('.' separator, no grouping), rounded to 9
 * significant digits, trailing zeros stripped, plain notation for 1e-4 &le; |x| &lt; 1e9 and {@code 1.2345678E-7} style
 * otherwise (see {@code Decimals}). Nine digits keep any fp32 value and ~1e-9 relative of a double; a cosine within
 * 5e-10 of 1 is therefore written as {@code 1} (rel_l2 keeps the finer information). An empty cell means "not
 * measured": NaN and infinities are written as empty cells, except in the drift metrics, where
 * {@link Builder#setDrift} writes them as {@code NaN} (see {@link DriftColumns}).
 *
 * <p>Every cell is validated when set, so a row that exists can always be written and read back: INTEGER and DECIMAL
 * cells must parse, {@code status} must name a {@link CellStatus}, {@code started_utc} must be an ISO-8601 instant,
 * and {@code status} is required. {@code schema_version} is always {@link ResultsSchema#VERSION}.
 */
public final class ResultRow {

    private final String[] values; // indexed by Column.ordinal(); "" = absent

    private ResultRow(String[] values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this row's cells, for rows that differ in a few columns. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        System.arraycopy(values, 0, builder.values, 0, values.length);
        return builder;
    }

    /** The cell's text exactly as written; "" when absent. */
    public String text(Column column) {
        return values[column.ordinal()];
    }

    /** The value of a DECIMAL or INTEGER cell; empty when absent. */
    public OptionalDouble decimal(Column column) {
        requireKind(column, Column.Kind.DECIMAL, Column.Kind.INTEGER);
        String text = text(column);
        return text.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Decimals.parseDecimal(column, text));
    }

    /** The value of an INTEGER cell; empty when absent. */
    public OptionalLong integer(Column column) {
        requireKind(column, Column.Kind.INTEGER);
        String text = text(column);
        return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Decimals.parseInteger(column, text));
    }

    public CellStatus status() {
        return CellStatus.valueOf(text(Column.STATUS));
    }

    /** Cell texts in column order (unmodifiable); "" for absent cells. */
    public List<String> values() {
        return List.of(values);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResultRow row && Arrays.equals(values, row.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** The non-empty cells as {@code name=value}, in column order. */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "ResultRow{", "}");
        for (Column column : Column.values()) {
            if (!values[column.ordinal()].isEmpty()) {
                joiner.add(column.csvName() + "=" + values[column.ordinal()]);
            }
        }
        return joiner.toString();
    }

    private static void requireKind(Column column, Column.Kind... allowed) {
        for (Column.Kind kind : allowed) {
            if (column.kind() == kind) {
                return;
            }
        }
        throw new IllegalArgumentException("column " + column.csvName() + " is " + column.kind() + "; expected a column of kind "
                + Arrays.toString(allowed));
    }

    /** Collects cells; every setter validates and returns this builder. Not thread-safe. */
    public static final class Builder {

        private final String[] values = new String[Column.values().length];

        private Builder() {
            Arrays.fill(values, "");
            values[Column.SCHEMA_VERSION.ordinal()] = Integer.toString(ResultsSchema.VERSION);
        }

        /**
         * Sets a cell from its text; {@code null} or "" clears it. Numeric columns must parse; {@code status} must be a
         * {@link CellStatus} name; {@code started_utc} an ISO-8601 instant; {@code schema_version} may only be
         * {@link ResultsSchema#VERSION}.
         */
        public Builder set(Column column, String text) {
            String value = text == null ? "" : text;
            if (!value.isEmpty()) {
                validate(column, value);
            } else if (column == Column.SCHEMA_VERSION) {
                return this; // the builder owns schema_version; clearing it is a no-op
            }
            values[column.ordinal()] = value;
            return this;
        }

        /** Sets an INTEGER or DECIMAL cell. */
        public Builder set(Column column, long value) {
            requireKind(column, Column.Kind.INTEGER, Column.Kind.DECIMAL);
            String text = column.kind() == Column.Kind.INTEGER ? Long.toString(value) : Decimals.format(value);
            return set(column, text);
        }

        /** Sets a DECIMAL cell; NaN or an infinity leaves the cell empty (not measured). */
        public Builder set(Column column, double value) {
            requireKind(column, Column.Kind.DECIMAL);
            if (Double.isFinite(value)) {
                requireNotNegative(column, value, Decimals.format(value));
            }
            values[column.ordinal()] = Double.isFinite(value) ? Decimals.format(value) : "";
            return this;
        }

        private static void requireNotNegative(Column column, double value, String text) {
            if (column.notNegative() && value < 0) {
                throw new IllegalArgumentException("column " + column.csvName() + ": expected a number of 0 or more,"
                        + " got \"" + text + "\"");
            }
        }

        /**
         * Sets a drift metric ({@link DriftColumns#mayBeNaN}); NaN or an infinity is written as {@code NaN}, because
         * a non-finite drift is a measurement (the outputs were not finite), not a missing one.
         */
        public Builder setDrift(Column column, double value) {
            if (!DriftColumns.mayBeNaN(column)) {
                throw new IllegalArgumentException("column " + column.csvName() + " is not a drift metric; expected one "
                        + "of " + DriftColumns.names());
            }
            values[column.ordinal()] = Double.isFinite(value) ? Decimals.format(value) : DriftColumns.NAN;
            return this;
        }

        /** Sets the {@code status} column. */
        public Builder set(Column column, CellStatus status) {
            if (column != Column.STATUS) {
                throw new IllegalArgumentException("a CellStatus goes in column status, got column " + column.csvName());
            }
            values[column.ordinal()] = Objects.requireNonNull(status, "status").name();
            return this;
        }

        /** The row; requires {@code status}, because every row must say what happened to its cell. */
        public ResultRow build() {
            if (values[Column.STATUS.ordinal()].isEmpty()) {
                throw new IllegalStateException("column status is empty; expected one of "
                        + Arrays.toString(CellStatus.values()));
            }
            return new ResultRow(values.clone());
        }

        private static void validate(Column column, String value) {
            switch (column.kind()) {
                case INTEGER -> Decimals.parseInteger(column, value);
                case DECIMAL -> requireNotNegative(column, Decimals.parseDecimal(column, value), value);
                case TEXT -> { }
            }
            if (column == Column.SCHEMA_VERSION && Decimals.parseInteger(column, value) != ResultsSchema.VERSION) {
                throw new IllegalArgumentException("column schema_version: got " + value + ", this build writes and reads "
                        + "only schema version " + ResultsSchema.VERSION);
            }
            if (column == Column.STATUS) {
                try {
                    CellStatus.valueOf(value);
                } catch (IllegalArgumentException unknown) {
                    throw new IllegalArgumentException("column status: unknown status \"" + value + "\"; expected one of "
                            + Arrays.toString(CellStatus.values()), unknown);
                }
            }
            if (column == Column.STARTED_UTC) {
                try {
                    Instant.parse(value);
                } catch (DateTimeParseException notInstant) {
                    throw new IllegalArgumentException("column started_utc: expected an ISO-8601 instant such as "
                            + "2025-06-01T02:00:00Z, got \"" + value + "\"", notInstant);
                }
            }
        }
    }
}
