package dev.portbench.harness.cli;

import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.results.ResultsCsvReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * djl-pytorch in a real run beside onnxruntime-cpu, on moe-tiny in fp32 and bf16, with the real engine. The pinned
 * DJL's PyTorch JNI aborts the JVM on any bfloat16 tensor, so djl-pytorch refuses bf16: its bf16 cells are SKIPPED
 * rows naming why, the run's exit is 0, and its fp32 rows match the fp64 oracle and onnxruntime-cpu's outputs to
 * rounding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunDjlPyTorchEndToEndTest {
    @TempDir
    static Path tmp;

    private Path runDir;
    private CliRunner result;
    private List<ResultRow> rows;
    private String djlVersion;

    @BeforeAll
    void runMoeTinyOnBothFrameworks() throws IOException {
        runDir = tmp.resolve("run");
        result = CliRunner.run("run", "--scenarios", "moe-tiny", "--dtypes", "fp32,bf16",
                "--backends", "onnxruntime-cpu,djl-pytorch", "--warmup-max", "0s", "--iterations", "2",
                "--time", "100ms", "--out", runDir.toString());
        rows = ResultsCsvReader.read(runDir.resolve("results.csv"));
        djlVersion = rows.stream().filter(r -> r.text(Column.BACKEND).equals("djl-pytorch")
                && r.status() == CellStatus.OK).findFirst().orElseThrow().text(Column.RUNTIME_VERSION);
    }

    private List<ResultRow> rows(String backend, String dtype) {
        return rows.stream().filter(r -> r.text(Column.BACKEND).equals(backend) && r.text(Column.DTYPE).equals(dtype))
                .toList();
    }

    @Test
    void bf16IsSkippedWithItsReasonWhileEveryOtherRowLands() {
        assertEquals(ExitCode.OK, result.exitCode(), result.out() + result.err());
        // per backend and dtype: a prefill row, and a decode cell's ttft and tpot rows
        assertEquals(12, rows.size(), rows.toString());
        List<ResultRow> bf16 = rows("djl-pytorch", "bf16");
        assertEquals(3, bf16.size());
        for (ResultRow r : bf16) {
            String reason = r.text(Column.REASON);
            assertEquals(CellStatus.SKIPPED, r.status(), djlVersion + ": " + reason);
            assertTrue(reason.contains("djl-pytorch cannot run bf16: DJL 0.36.0's PyTorch JNI has no bfloat16")
                    && reason.contains("expected fp32, fp16 or int8-wo for djl-pytorch"), djlVersion + ": " + reason);
        }
        rows("onnxruntime-cpu", "bf16").forEach(r -> assertEquals(CellStatus.SKIPPED, r.status(), r.toString()));
        for (String backend : List.of("onnxruntime-cpu", "djl-pytorch")) {
            rows(backend, "fp32").forEach(r -> assertEquals(CellStatus.OK, r.status(), r.text(Column.REASON)));
        }
        assertTrue(djlVersion.matches("pytorch \\d+\\.\\d+\\.\\d+ \\(djl \\d+\\.\\d+\\.\\d+\\)"), djlVersion);
    }

    @Test
    void fp32MatchesTheOracleInPrefillAndDecode() {
        for (ResultRow r : rows("djl-pytorch", "fp32")) {
            String phase = r.text(Column.PHASE);
            if (phase.equals("tpot")) {
                assertEquals(8, r.integer(Column.TOKENS_TO_DIVERGENCE).getAsLong(), "every greedy token agrees");
            }
            double relL2 = r.decimal(Column.REL_L2).getAsDouble();
            assertTrue(relL2 < 1e-5, phase + " rel_l2 = " + relL2);
            assertEquals(1.0, r.decimal(Column.TOP1_AGREEMENT).getAsDouble(), phase);
            assertEquals(1.0, r.decimal(Column.ROUTING_AGREEMENT).getAsDouble(), phase);
        }
    }

    @Test
    void compareFindsDjlsOutputsEqualToOnnxRuntimesToRounding() throws IOException {
        Path csv = tmp.resolve("djl-vs-ort.csv");
        CliRunner r = CliRunner.run("compare", runDir.toString(), runDir.toString(), "--baseline-backend",
                "onnxruntime-cpu", "--candidate-backend", "djl-pytorch", "--out", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        int fp32 = 0;
        try (Reader in = Files.newBufferedReader(csv)) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
                if (!row.get("dtype").equals("fp32")) {
                    continue;
                }
                fp32++;
                String cell = row.get("workload") + "/" + row.get("phase");
                assertTrue(Double.parseDouble(row.get("output_rel_l2")) < 1e-5, cell + ": " + row.toMap());
                assertEquals(1.0, Double.parseDouble(row.get("output_top1_agreement")), cell);
                assertEquals(1.0, Double.parseDouble(row.get("output_routing_agreement")), cell);
            }
        }
        assertEquals(3, fp32, "prefill, ttft and tpot");
    }

    @Test
    void theReportShowsTheMigrationFromOnnxRuntimeToDjl() throws IOException {
        Path html = tmp.resolve("report.html");
        CliRunner r = CliRunner.run("report", runDir.toString(), "--out", html.toString());
        assertEquals(0, r.exitCode(), r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("<td>onnxruntime-cpu → djl-pytorch</td>"), "the migration matrix has the pair");
    }
}
