package dev.portbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvReaderTest {

    private static final String HEADER = String.join(",", ResultsSchema.header());

    @TempDir
    Path dir;

    /** A valid data line with one cell replaced. */
    private static String line(Column column, String value) {
        List<String> cells = new ArrayList<>(ResultRowTest.sampleRow().values());
        cells.set(column.ordinal(), value);
        return String.join(",", cells);
    }

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private ResultsFormatException rejected(Path file) {
        return assertThrows(ResultsFormatException.class, () -> ResultsCsvReader.read(file));
    }

    @Test
    void readsRowsWrittenByHand() throws IOException {
        Path file = file(HEADER, line(Column.TOKENS_PER_S, "1234.5678"), line(Column.KL, "2.0e-12"));
        List<ResultRow> rows = ResultsCsvReader.read(file);
        assertEquals(2, rows.size());
        assertEquals(ResultRowTest.sampleRow(), rows.get(0));
        assertEquals(OptionalDouble.of(2e-12), rows.get(1).decimal(Column.KL));
        assertEquals("2.0e-12", rows.get(1).text(Column.KL)); // text kept as written
    }

    @Test
    void columnsAreMatchedByName() throws IOException {
        List<String> names = new ArrayList<>(ResultsSchema.header());
        List<String> cells = new ArrayList<>(ResultRowTest.sampleRow().values());
        Collections.swap(names, 1, 20);
        Collections.swap(cells, 1, 20);
        List<ResultRow> rows = ResultsCsvReader.read(file(String.join(",", names), String.join(",", cells)));
        assertEquals(List.of(ResultRowTest.sampleRow()), rows);
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.csv");
        ResultsFormatException e = rejected(file);
        assertEquals(file + ": no such file; expected a results.csv written by portbench", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void emptyFile() throws IOException {
        Path file = dir.resolve("results.csv");
        Files.createFile(file);
        ResultsFormatException e = rejected(file);
        assertTrue(e.getMessage().startsWith(file + ":1: empty file; expected the header line schema_version,run_id,"),
                e.getMessage());
    }

    @Test
    void headerWithMissingAndUnknownColumnsNamesThem() throws IOException {
        String header = HEADER.replace(",kl,", ",kl_div,").replace(",host,", ",");
        Path file = file(header);
        ResultsFormatException e = rejected(file);
        assertTrue(e.getMessage().startsWith(file + ":1: header does not match schema version 6: "
                + "missing columns [host, kl]; unknown columns [kl_div]; expected exactly the columns [schema_version, "),
                e.getMessage());
    }

    @Test
    void headerWithAnExtraColumnIsRejected() throws IOException {
        ResultsFormatException e = rejected(file(HEADER + ",energy_j"));
        assertTrue(e.getMessage().contains(":1: header does not match schema version 6: unknown columns [energy_j];"),
                e.getMessage());
    }

    @Test
    void headerWithADuplicatedColumnIsRejected() throws IOException {
        ResultsFormatException e = rejected(file(HEADER.replace(",host,", ",host,host,")));
        assertTrue(e.getMessage().contains("duplicated columns [host]"), e.getMessage());
    }

    @Test
    void rowWithTheWrongNumberOfCells() throws IOException {
        Path file = file(HEADER, line(Column.BATCH, "4"), line(Column.BATCH, "4") + ",extra");
        ResultsFormatException e = rejected(file);
        assertEquals(file + ":3: row has 63 cells; expected 62, one per header column", e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void otherSchemaVersion() throws IOException {
        Path file = file(HEADER, line(Column.SCHEMA_VERSION, "1"));
        ResultsFormatException e = rejected(file);
        assertTrue(e.getMessage().startsWith(file + ":2: schema_version is \"1\"; this build reads only schema version 6"),
                e.getMessage());
    }

    /** A file of an older schema, whose header lacks a column this one has: its version is what the message names. */
    @Test
    void anOlderFileIsRefusedNamingItsVersionNotItsColumns() throws IOException {
        List<String> oldHeader = new ArrayList<>(ResultsSchema.header());
        List<String> oldRow = new ArrayList<>(List.of(line(Column.SCHEMA_VERSION, "5").split(",", -1)));
        int layers = oldHeader.indexOf(Column.LAYERS.csvName());
        oldHeader.remove(layers);
        oldRow.remove(layers);
        Path file = file(String.join(",", oldHeader), String.join(",", oldRow));
        ResultsFormatException e = rejected(file);
        assertTrue(e.getMessage().startsWith(file + ":2: schema_version is \"5\"; this build reads only schema"
                + " version 6"), e.getMessage());
    }

    /** Excel's "CSV UTF-8" starts the file with a byte-order mark, which is not part of the first column's name. */
    @Test
    void aByteOrderMarkIsSkipped() throws IOException {
        Path file = file("\uFEFF" + HEADER, line(Column.TOKENS_PER_S, "1234.5678"));
        assertEquals(1234.5678, ResultsCsvReader.read(file).get(0).decimal(Column.TOKENS_PER_S).getAsDouble());
    }

    @Test
    void unparsableNumbersNameTheColumnAndTheValue() throws IOException {
        // Quoted as a writer would, since "1,5" holds the separator.
        Path decimal = file(HEADER, line(Column.BATCH, "4"), line(Column.BATCH, "4"),
                line(Column.LATENCY_P99_MS, "\"1,5\""));
        ResultsFormatException e = rejected(decimal);
        assertTrue(e.getMessage().startsWith(decimal + ":4: column latency_p99_ms: expected a decimal number"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("got \"1,5\""), e.getMessage());

        ResultsFormatException integer = rejected(file(HEADER, line(Column.THREADS, "2.0")));
        assertTrue(integer.getMessage().endsWith(":2: column threads: expected an integer (64-bit, no decimal point), "
                + "got \"2.0\""), integer.getMessage());
    }

    @Test
    void aNegativeRateTimeOrSizeIsRejectedNamingTheColumn() throws IOException {
        ResultsFormatException e = rejected(file(HEADER, line(Column.BATCH, "4"), line(Column.TOKENS_PER_S, "-5")));
        assertEquals(dir.resolve("results.csv") + ":3: column tokens_per_s: expected a number of 0 or more, got \"-5\"",
                e.getMessage());
        assertTrue(rejected(file(HEADER, line(Column.TPOT_MS_ERROR, "-0.1"))).getMessage()
                .contains("column tpot_ms_error"));
        // a cosine below zero is a measurement (outputs pointing away from the reference's), not damage
        assertEquals(1, ResultsCsvReader.read(file(HEADER, line(Column.COSINE, "-0.5"))).size());
    }

    @Test
    void aLastLineWithoutItsLineEndWasCutShort() throws IOException {
        Path file = dir.resolve("results.csv");
        String whole = HEADER + "\r\n" + line(Column.BW_FRACTION, "0.0116355406") + "\r\n";
        Files.writeString(file, whole.substring(0, whole.length() - 5), StandardCharsets.UTF_8); // 0.0116355 parses
        ResultsFormatException e = rejected(file);
        assertEquals(file + ":2: the last line has no line end, so the file was cut short; expected the file to"
                + " end in a line end, as portbench ends every line (CRLF)", e.getMessage());
        Files.writeString(file, whole.substring(0, whole.length() - 1), StandardCharsets.UTF_8); // only the LF gone
        assertTrue(rejected(file).getMessage().contains("cut short"));
        Files.writeString(file, whole, StandardCharsets.UTF_8);
        assertEquals(1, ResultsCsvReader.read(file).size());
    }

    @Test
    void unknownStatus() throws IOException {
        ResultsFormatException e = rejected(file(HEADER, line(Column.STATUS, "PASSED")));
        assertTrue(e.getMessage().endsWith(":2: column status: unknown status \"PASSED\"; expected one of "
                + "[OK, FAILED, SKIPPED, TIMEOUT]"), e.getMessage());
        ResultsFormatException empty = rejected(file(HEADER, line(Column.STATUS, "")));
        assertTrue(empty.getMessage().contains(":2: column status is empty"), empty.getMessage());
    }

    @Test
    void lineNumbersAreTheLinesWhereRecordsStart() throws IOException {
        // Record 2 spans lines 2-4 (a reason with two line breaks); the bad third record starts on line 5.
        Path file = file(HEADER, line(Column.REASON, "\"first\nsecond\r\nthird\""), line(Column.BATCH, "x"));
        ResultsFormatException e = rejected(file);
        assertEquals(5, e.line(), e.getMessage());
        Path good = file(HEADER, line(Column.REASON, "\"first\nsecond\""), line(Column.BATCH, "4"));
        assertEquals(List.of(2L, 4L), ResultsCsvReader.readLocated(good).stream().map(LocatedRow::line).toList());
    }

    @Test
    void malformedQuotingIsAFormatError() throws IOException {
        ResultsFormatException e = rejected(file(HEADER, line(Column.REASON, "\"never closed")));
        assertTrue(e.getMessage().contains(":2: malformed CSV"), e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreAFormatErrorNamingTheEncoding() throws IOException {
        Path file = dir.resolve("results.csv");
        byte[] latin1 = (HEADER + "\n" + line(Column.REASON, "caf\u00e9") + "\n").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);
        ResultsFormatException e = rejected(file);
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }
}
