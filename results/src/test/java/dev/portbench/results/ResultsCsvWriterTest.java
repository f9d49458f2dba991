package dev.portbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvWriterTest {

    @TempDir
    Path dir;

    @Test
    void createWritesTheHeaderImmediately() throws IOException {
        Path file = dir.resolve("results.csv");
        try (ResultsCsvWriter writer = ResultsCsvWriter.create(file)) {
            assertEquals(String.join(",", ResultsSchema.header()) + "\r\n", Files.readString(file));
            assertEquals(0, writer.size());
        }
        assertEquals(List.of(), ResultsCsvReader.read(file));
    }

    @Test
    void eachAppendIsOnDiskWhenItReturns() throws IOException {
        Path file = dir.resolve("results.csv");
        ResultRow skipped = ResultRow.builder().set(Column.BACKEND, "ascend").set(Column.STATUS, CellStatus.SKIPPED)
                .set(Column.REASON, "no CANN toolkit").build();
        try (ResultsCsvWriter writer = ResultsCsvWriter.create(file)) {
            writer.append(ResultRowTest.sampleRow());
            assertEquals(List.of(ResultRowTest.sampleRow()), ResultsCsvReader.read(file));
            writer.append(skipped);
            assertEquals(List.of(ResultRowTest.sampleRow(), skipped), ResultsCsvReader.read(file));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).startsWith("6,,,,,,,,,,,,,ascend,,,,,SKIPPED,no CANN toolkit,,"), lines.get(2));
    }

    @Test
    void neverOverwritesAnExistingFile() throws IOException {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, "earlier night\n");
        ResultsFileExistsException e = assertThrows(ResultsFileExistsException.class, () -> ResultsCsvWriter.create(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("never overwritten"),
                e.getMessage());
        assertTrue(e instanceof FileAlreadyExistsException);
        assertEquals("earlier night\n", Files.readString(file));
        assertEquals(List.of(file), listDir()); // no temporary file left behind
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        Path file = dir.resolve("results.csv");
        try (ResultsCsvWriter writer = ResultsCsvWriter.create(file)) {
            for (int i = 0; i < 5; i++) {
                writer.append(ResultRowTest.sampleRow().toBuilder().set(Column.BATCH, i).build());
            }
        }
        assertEquals(List.of(file), listDir());
        assertEquals(5, ResultsCsvReader.read(file).size());
    }

    @Test
    void reasonsWithCommasQuotesAndLineBreaksSurvive() throws IOException {
        Path file = dir.resolve("results.csv");
        String reason = "java.lang.IllegalStateException: bad \"shape\", got [2, 3]\r\n\tat Foo.bar(Foo.java:1)\nend";
        ResultRow failed = ResultRow.builder().set(Column.STATUS, CellStatus.FAILED).set(Column.REASON, reason)
                .set(Column.BACKEND_OPTIONS, " leading space;trailing space ").build();
        try (ResultsCsvWriter writer = ResultsCsvWriter.create(file)) {
            writer.append(failed);
            writer.append(ResultRowTest.sampleRow());
        }
        List<ResultRow> rows = ResultsCsvReader.read(file);
        assertEquals(reason, rows.get(0).text(Column.REASON));
        assertEquals(" leading space;trailing space ", rows.get(0).text(Column.BACKEND_OPTIONS));
        assertEquals(List.of(failed, ResultRowTest.sampleRow()), rows);
        assertTrue(Files.readString(file).contains("\"java.lang.IllegalStateException: bad \"\"shape\"\", got [2, 3]"));
    }

    @Test
    void appendAfterCloseIsRejected() throws IOException {
        ResultsCsvWriter writer = ResultsCsvWriter.create(dir.resolve("results.csv"));
        writer.close();
        assertThrows(IllegalStateException.class, () -> writer.append(ResultRowTest.sampleRow()));
    }

    @Test
    void aCellsRowsLandTogetherAndAResumedFileKeepsEveryEarlierByte() throws IOException {
        Path file = dir.resolve("results.csv");
        ResultRow prefill = ResultRowTest.sampleRow();
        ResultRow decode = prefill.toBuilder().set(Column.PHASE, "decode").build();
        try (ResultsCsvWriter writer = ResultsCsvWriter.create(file)) {
            writer.appendAll(List.of(prefill, decode));
            assertEquals(List.of(prefill, decode), ResultsCsvReader.read(file));
        }
        byte[] before = Files.readAllBytes(file);
        ResultRow skipped = ResultRow.builder().set(Column.BACKEND, "ascend").set(Column.STATUS, CellStatus.SKIPPED)
                .build();
        try (ResultsCsvWriter writer = ResultsCsvWriter.resume(file)) {
            assertEquals(2, writer.size());
            writer.append(skipped);
        }
        byte[] after = Files.readAllBytes(file);
        assertEquals(new String(before, StandardCharsets.UTF_8),
                new String(after, 0, before.length, StandardCharsets.UTF_8), "earlier rows rewritten byte for byte");
        assertEquals(List.of(prefill, decode, skipped), ResultsCsvReader.read(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void removeIfRewritesTheFileWithoutTheSelectedRows() throws IOException {
        Path file = dir.resolve("results.csv");
        ResultRow ok = ResultRowTest.sampleRow();
        ResultRow failed = ok.toBuilder().set(Column.BACKEND, "test-throw").set(Column.STATUS, CellStatus.FAILED)
                .build();
        try (ResultsCsvWriter writer = ResultsCsvWriter.create(file)) {
            writer.appendAll(List.of(failed, ok));
            assertEquals(0, writer.removeIf(r -> r.status() == CellStatus.TIMEOUT));
            assertEquals(1, writer.removeIf(r -> r.status() == CellStatus.FAILED));
            assertEquals(List.of(ok), writer.rows());
        }
        assertEquals(List.of(ok), ResultsCsvReader.read(file));
    }

    @Test
    void resumingAFileOfAnotherSchemaFailsAndLeavesItUntouched() throws IOException {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, "schema_version,run_id\r\n1,x\r\n");
        assertThrows(ResultsFormatException.class, () -> ResultsCsvWriter.resume(file));
        assertEquals("schema_version,run_id\r\n1,x\r\n", Files.readString(file));
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
