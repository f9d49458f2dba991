package dev.portbench.harness.cli;

import dev.portbench.harness.report.ReportFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code portbench report}: what it writes where, and exit 2 with one line naming FILE:LINE for bad input. */
class ReportCommandTest {

    @TempDir
    Path tmp;

    private static void assertOneLineError(CliRunner r, String expected) {
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
        assertEquals(List.of("portbench: " + expected), r.err().lines().toList());
    }

    @Test
    void aDirectoryOfRunsGivesPageSummaryAndHistory() throws IOException {
        Path nights = ReportFixtures.threeNights(tmp.resolve("nights"));
        Path page = tmp.resolve("out/nightly.html");
        CliRunner r = CliRunner.run("report", nights.toString(), "--out", page.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        Path markdown = tmp.resolve("out/nightly.md");
        Path history = tmp.resolve("out/nightly-history.csv");
        assertEquals("report of 3 runs (latest night-3): " + page + ", " + markdown + ", " + history + "\n", r.out());
        String html = Files.readString(page);
        assertTrue(html.contains("data-charts-expected=\"12\""));
        assertTrue(html.contains("<a href=\"nightly-history.csv\">"));
        assertTrue(Files.readString(markdown).startsWith("# portbench report\n\nLatest run **night-3**"));
        List<String> lines = Files.readAllLines(history, StandardCharsets.UTF_8);
        assertEquals(1 + 3 * 8, lines.size());
        assertTrue(lines.get(1).startsWith("night-1,2026-02-01T02:00:00Z,lab1,nightly,tiny,prefill,prefill,fp32,fast,"
                + "fast 1.0,OK,1050,21,"), lines.get(1));
    }

    @Test
    void oneRunHasNoHistoryUnlessAskedFor() throws IOException {
        Path run = ReportFixtures.night(tmp.resolve("run"), 1);
        CliRunner r = CliRunner.run("report", run.toString(), "--out", tmp.resolve("one.html").toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertFalse(Files.exists(tmp.resolve("one-history.csv")));

        Path history = tmp.resolve("elsewhere/h.csv");
        r = CliRunner.run("report", run.toString(), "--out", tmp.resolve("two.html").toString(), "--history",
                history.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals(1 + 8, Files.readAllLines(history).size());
        assertTrue(Files.readString(tmp.resolve("two.html")).contains("<a href=\"" + history.toUri() + "\">"));
    }

    @Test
    void migrationBackendsCanBeNamed() throws IOException {
        Path run = ReportFixtures.night(tmp.resolve("run"), 1);
        CliRunner r = CliRunner.run("report", run.toString(), "--out", tmp.resolve("r.html").toString(),
                "--source", "slow", "--target", "fast");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        String md = Files.readString(tmp.resolve("r.md"));
        assertTrue(md.contains("| source ↓ target → | fast |\n"), md);
        assertFalse(md.contains("fast → slow"), md);
    }

    @Test
    void checkReportOnAFileThatIsNoReportIsExit2BeforeAnyBrowser() throws IOException {
        Path notAReport = Files.writeString(tmp.resolve("notes.html"), "<html><body>hello</body></html>");
        assertOneLineError(CliRunner.run("check-report", notAReport.toString()), notAReport + ": not a page written by"
                + " portbench report (it has no status line, <p id=\"report-status\">); expected the .html file"
                + " 'portbench report --out' wrote");
        Path latin1 = Files.write(tmp.resolve("latin1.html"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(ExitCode.USAGE, CliRunner.run("check-report", latin1.toString()).exitCode());
    }

    @Test
    void aMissingDirectoryIsExit2() {
        Path absent = tmp.resolve("absent");
        assertOneLineError(CliRunner.run("report", absent.toString(), "--out", tmp.resolve("r.html").toString()),
                absent.toAbsolutePath() + ": no such directory; expected a run directory holding results.csv");
        assertFalse(Files.exists(tmp.resolve("r.html")), "nothing is written for bad input");
    }

    @Test
    void aDirectoryWithoutResultsIsExit2() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertOneLineError(CliRunner.run("report", empty.toString(), "--out", tmp.resolve("r.html").toString()),
                empty.resolve("results.csv") + ": no such file, and none of the 0 subdirectories holds a finished run; "
                        + "expected a run directory holding results.csv or a directory of run directories");
    }

    @Test
    void anotherSchemaVersionIsExit2NamingTheLine() throws IOException {
        Path run = ReportFixtures.night(tmp.resolve("run"), 1);
        Path csv = run.resolve("results.csv");
        List<String> lines = Files.readAllLines(csv);
        lines.set(3, lines.get(3).replaceFirst("^6,", "3,"));
        Files.write(csv, lines);
        assertOneLineError(CliRunner.run("report", run.toString(), "--out", tmp.resolve("r.html").toString()),
                csv.toAbsolutePath() + ":4: schema_version is \"3\"; this build reads only schema version 6 (files of "
                        + "another version need the portbench release that wrote them)");
    }

    @Test
    void aTruncatedFileIsExit2NamingTheLine() throws IOException {
        Path run = ReportFixtures.night(tmp.resolve("run"), 1);
        Path csv = run.resolve("results.csv");
        String text = Files.readString(csv);
        int cut = text.indexOf(",fp16,fast,") + ",fp16,fast".length(); // the third data row, cut after its backend
        assertTrue(cut > 100, text);
        Files.writeString(csv, text.substring(0, cut));
        assertOneLineError(CliRunner.run("report", run.toString(), "--out", tmp.resolve("r.html").toString()),
                csv.toAbsolutePath() + ":4: the last line has no line end, so the file was cut short; expected the"
                        + " file to end in a line end, as portbench ends every line (CRLF)");
        // a row cut short whose line end survived is still a row of too few cells
        Files.writeString(csv, text.substring(0, cut) + "\r\n");
        assertOneLineError(CliRunner.run("report", run.toString(), "--out", tmp.resolve("r.html").toString()),
                csv.toAbsolutePath() + ":4: row has 14 cells; expected 62, one per header column");
    }

    @Test
    void aMissingColumnIsExit2NamingTheHeaderLine() throws IOException {
        Path run = ReportFixtures.night(tmp.resolve("run"), 1);
        Path csv = run.resolve("results.csv");
        List<String> lines = Files.readAllLines(csv);
        Files.write(csv, lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList()); // drop bw_fraction
        CliRunner r = CliRunner.run("report", run.toString(), "--out", tmp.resolve("r.html").toString());
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("portbench: " + csv.toAbsolutePath() + ":1: header does not match schema "
                + "version 6: missing columns [bw_fraction]"), r.err());
    }

    @Test
    void aHandEditedCellWithALineBreakStillGivesOneLine() throws IOException {
        Path run = ReportFixtures.night(tmp.resolve("run"), 1);
        Path csv = run.resolve("results.csv");
        List<String> lines = Files.readAllLines(csv);
        lines.set(1, lines.get(1).replace(",OK,", ",\"O\nK\",")); // a status a person broke over two lines
        Files.write(csv, lines);
        CliRunner r = CliRunner.run("report", run.toString(), "--out", tmp.resolve("r.html").toString());
        assertOneLineError(r, csv.toAbsolutePath() + ":2: column status: unknown status \"O\\nK\"; expected one of "
                + "[OK, FAILED, SKIPPED, TIMEOUT]");
    }

    @Test
    void anOutputThatIsNotHtmlIsExit2() throws IOException {
        Path run = ReportFixtures.night(tmp.resolve("run"), 1);
        assertOneLineError(CliRunner.run("report", run.toString(), "--out", tmp.resolve("r.txt").toString()),
                "--out " + tmp.resolve("r.txt") + ": expected a file name ending in .html (the Markdown summary is "
                        + "written next to it with .md)");
    }

    @Test
    void anUnknownMatrixBackendIsExit2() throws IOException {
        Path run = ReportFixtures.night(tmp.resolve("run"), 1);
        assertOneLineError(CliRunner.run("report", run.toString(), "--out", tmp.resolve("r.html").toString(),
                "--source", "cuda"), run.toAbsolutePath().resolve("results.csv") + ": source backend cuda has no rows "
                + "here; backends in this file: [fast, slow]");
    }

    @Test
    void aCorruptSavedOutputIsExit2NamingTheFile() throws IOException {
        Path run = ReportFixtures.night(tmp.resolve("run"), 1);
        for (String backend : List.of("fast", "slow")) {
            Path outputs = Files.createDirectories(run.resolve("outputs/tiny/prefill/fp32").resolve(backend));
            Files.writeString(outputs.resolve("logits.npy"), "not numpy");
        }
        // the first pair is fast -> slow, and the target's outputs are read first
        Path logits = run.toAbsolutePath().resolve("outputs/tiny/prefill/fp32/slow/logits.npy");
        assertOneLineError(CliRunner.run("report", run.toString(), "--out", tmp.resolve("r.html").toString()),
                logits + ": not a .npy file; expected it to start with the magic \\x93NUMPY");
        assertFalse(Files.exists(tmp.resolve("r.html")));
    }

    @Test
    void bencherWritesTheLatestRunInBencherMetricFormat() throws IOException {
        Path run = ReportFixtures.night(tmp.resolve("run"), 1);
        Path json = tmp.resolve("bencher.json");
        CliRunner r = CliRunner.run("report", run.toString(), "--out", tmp.resolve("r.html").toString(), "--bencher",
                json.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("wrote " + json + " (Bencher Metric Format)"), r.out());
        String text = Files.readString(json);
        assertTrue(text.startsWith("{\"") && text.contains("\"throughput\":{\"value\":"), text);
        CliRunner clash = CliRunner.run("report", run.toString(), "--out", tmp.resolve("r2.html").toString(),
                "--bencher", run.resolve("results.csv").toString());
        assertEquals(ExitCode.USAGE, clash.exitCode(), "a slip of --bencher must not overwrite results.csv");
    }
}
