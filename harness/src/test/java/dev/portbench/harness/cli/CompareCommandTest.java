package dev.portbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.runs.SyntheticRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

    @TempDir
    Path dir;

    private Path baseline() throws IOException {
        return SyntheticRun.at(dir.resolve("a"))
                .add(SyntheticRun.okRow("dense", "ort", 1000, 10))
                .add(SyntheticRun.okRow("moe", "ort", 500, 5))
                .write();
    }

    private Path candidate() throws IOException {
        return SyntheticRun.at(dir.resolve("b"))
                .add(SyntheticRun.okRow("dense", "ort", 1200, 10))
                .add(SyntheticRun.okRow("moe", "ort", 500, 5).set(Column.STATUS, CellStatus.FAILED)
                        .set(Column.REASON, "@SUM(A1:A9) crashed"))
                .add(SyntheticRun.okRow("extra", "ort", 5, 1))
                .write();
    }

    @Test
    void writesTheComparisonAndSummarisesIt() throws IOException {
        Path out = dir.resolve("compare.csv");
        CliRunner r = CliRunner.run("compare", baseline().toString(), candidate().toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("3 cells: 2 in both runs, 0 only in A, 1 only in B\n"), r.out());
        assertTrue(r.out().contains("  faster dense/prefill/prefill/fp32/ort: 1.200x (1.178 to 1.222)"), r.out());
        assertTrue(r.out().contains("  status OK->FAILED: moe/prefill/prefill/fp32/ort"), r.out());
        assertTrue(r.out().contains("  only in B: extra/prefill/prefill/fp32/ort"), r.out());
        try (CSVParser csv = CSVParser.parse(out, java.nio.charset.StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().get())) {
            List<CSVRecord> rows = csv.getRecords();
            assertEquals(3, rows.size());
            assertEquals("faster", rows.get(0).get("throughput_verdict"));
            assertEquals("1.2", rows.get(0).get("tokens_per_s_ratio"));
            assertEquals("'@SUM(A1:A9) crashed", rows.get(1).get("candidate_reason"));
            assertEquals("candidate_only", rows.get(2).get("presence"));
        }
    }

    @Test
    void badRunsExitTwoWithOneLineAndWriteNothing() throws IOException {
        Path a = baseline();
        Path out = dir.resolve("compare.csv");
        String header = Files.readAllLines(a.resolve("results.csv")).get(0);

        Path oldSchema = Files.createDirectories(dir.resolve("v1"));
        List<String> lines = Files.readAllLines(a.resolve("results.csv"));
        Files.write(oldSchema.resolve("results.csv"), List.of(header, "1" + lines.get(1).substring(1)));
        CliRunner v1 = CliRunner.run("compare", a.toString(), oldSchema.toString(), "--out", out.toString());
        assertEquals(2, v1.exitCode());
        assertEquals("portbench: " + oldSchema.resolve("results.csv") + ":2: schema_version is \"1\"; this build "
                + "reads only schema version 6 (files of another version need the portbench release that wrote "
                + "them)\n", v1.err());

        Path noColumn = Files.createDirectories(dir.resolve("nocol"));
        Files.writeString(noColumn.resolve("results.csv"), header.replace(",tokens_per_s,", ",") + "\n");
        CliRunner missing = CliRunner.run("compare", a.toString(), noColumn.toString(), "--out", out.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("portbench: " + noColumn.resolve("results.csv")
                + ":1: header does not match schema version 6: missing columns [tokens_per_s]"), missing.err());

        Path edited = Files.createDirectories(dir.resolve("edited"));
        Files.writeString(edited.resolve("results.csv"), header + "\n" + lines.get(1).replace(",1000,", ",fast,")
                + "\n");
        CliRunner hand = CliRunner.run("compare", a.toString(), edited.toString(), "--out", out.toString());
        assertEquals(2, hand.exitCode());
        assertEquals("portbench: " + edited.resolve("results.csv") + ":2: column tokens_per_s: expected a decimal "
                + "number such as 12.5 or 1.5E-7, got \"fast\"\n", hand.err());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRunner noResults = CliRunner.run("compare", a.toString(), empty.toString(), "--out", out.toString());
        assertEquals(2, noResults.exitCode());
        assertEquals("portbench: " + empty.resolve("results.csv") + ": no such file; expected a results.csv written "
                + "by portbench\n", noResults.err());
        assertFalse(Files.exists(out), "nothing is written on bad input");
    }

    @Test
    void refusesToWriteOverARunsOwnRecords() throws IOException {
        Path a = baseline();
        Files.writeString(a.resolve("run.json"), "{\"run_id\": \"night-1\"}");
        for (String record : List.of("results.csv", "run.json")) {
            String before = Files.readString(a.resolve(record));
            CliRunner r = CliRunner.run("compare", a.toString(), a.toString(), "--out", a.resolve(record).toString());
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("portbench: --out " + a.resolve(record) + ": refusing to write over " + record
                    + ", a run's own record; expected another file name\n", r.err());
            assertEquals(before, Files.readString(a.resolve(record)));
        }
        // the gate's report, the matrix and the report page are guarded the same way
        for (String[] args : List.of(
                new String[] {"gate", "--baseline", a.toString(), "--candidate", a.toString(), "--markdown",
                        a.resolve("env.json").toString()},
                new String[] {"matrix", a.toString(), "--out", a.resolve("complete.json").toString()},
                new String[] {"report", a.toString(), "--out", dir.resolve("r.html").toString(), "--bencher",
                        a.resolve("env-resume-2.json").toString()})) {
            CliRunner r = CliRunner.run(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("a run's own record"), r.err());
        }
        try (var files = Files.list(a)) {
            assertEquals(List.of("results.csv", "run.json"), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "nothing written into the run");
        }
        assertFalse(Files.exists(dir.resolve("r.html")));
    }

    @Test
    void anOutputUnderAFileIsAUsageErrorBeforeAnythingIsWritten() throws IOException {
        Path a = baseline();
        Path file = Files.writeString(dir.resolve("afile"), "x");
        CliRunner compare = CliRunner.run("compare", a.toString(), a.toString(), "--out",
                file.resolve("x.csv").toString());
        assertEquals(2, compare.exitCode(), compare.err());
        assertEquals("portbench: --out " + file.resolve("x.csv") + ": cannot be written, " + file + " is a file, not a"
                + " folder; expected a path whose folders exist or can be created\n", compare.err());

        CliRunner gate = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", a.toString(), "--junit",
                file.resolve("sub").resolve("gate.xml").toString());
        assertEquals(2, gate.exitCode(), gate.err());
        assertEquals("", gate.out(), "no verdict before the usage error");

        CliRunner merge = CliRunner.run("merge", a.toString(), "--out", file.resolve("merged").toString());
        assertEquals(2, merge.exitCode(), merge.err());
        assertTrue(merge.err().contains(file + " is a file, not a folder"), merge.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void theMatrixPrintsATableAndWritesItsCsv() throws IOException {
        Path run = SyntheticRun.at(dir.resolve("m"))
                .add(SyntheticRun.okRow("dense", "cpu", 100, 1))
                .add(SyntheticRun.okRow("dense", "gpu", 1000, 10).set(Column.PEAK_RSS_MB, 800.0))
                .write();
        Path out = dir.resolve("matrix.csv");
        CliRunner r = CliRunner.run("matrix", run.toString(), "--source", "cpu", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("cell "), r.out());
        assertTrue(lines.get(1).matches("dense/prefill/prefill/fp32 +cpu -> gpu +OK +10\\.000 \\[9\\.802, 10\\.202\\] +"
                + "faster +- +0\\.100 +2\\.000 .*"), lines.get(1));
        assertEquals(2, Files.readAllLines(out).size());

        CliRunner unknown = CliRunner.run("matrix", run.toString(), "--target", "npu");
        assertEquals(2, unknown.exitCode());
        assertEquals("portbench: " + run.resolve("results.csv") + ": target backend npu has no rows here; backends "
                + "in this file: [cpu, gpu]\n", unknown.err());
    }
}
