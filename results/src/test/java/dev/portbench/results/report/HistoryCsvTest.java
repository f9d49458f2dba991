package dev.portbench.results.report;

import dev.portbench.results.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HistoryCsvTest {

    @TempDir
    Path tmp;

    private static final String HEADER = "run_id,started_utc,host,suite,scenario,workload,phase,dtype,backend,"
            + "runtime_version,status,tokens_per_s,tokens_per_s_error,latency_p50_ms,latency_p90_ms,latency_p99_ms,"
            + "ttft_ms,tpot_ms,peak_rss_mb,weights_mb,max_abs_err,rel_l2,cosine,kl,top1_agreement,routing_agreement,"
            + "drift_reference";

    @Test
    void threeNightsOldestFirstWithTheFirstNightAsWritten() throws IOException {
        String csv = HistoryCsv.of(ReportRuns.load(List.of(SyntheticRuns.threeNights(tmp)))).render();
        List<String> lines = Arrays.asList(csv.split("\r\n"));
        assertEquals(HEADER, lines.get(0));
        assertEquals(1 + 4 + 8 + 8, lines.size(), csv);
        // night-1 (directory c-first) comes first although its directory sorts last
        assertEquals(List.of(
                "night-1,2026-01-01T02:00:01Z,lab1,nightly,dense-x,prefill,prefill,fp32,fast,fast 1.0,OK,1000,10,2,3,4,"
                        + ",,300,10,,1E-7,1,,1,,reference-fp64",
                "night-1,2026-01-01T02:00:01Z,lab1,nightly,dense-x,prefill,prefill,fp32,slow,slow 1.0,OK,100,5,20,30,40,"
                        + ",,200,20,,0,1,,1,,reference-fp64",
                "night-1,2026-01-01T02:00:01Z,lab1,nightly,dense-x,prefill,prefill,fp16,fast,fast 1.0,OK,1500,30,1.5,"
                        + "2.25,3,,,250,5,,0.0005,1,,1,,reference-fp64",
                "night-1,2026-01-01T02:00:01Z,lab1,nightly,dense-x,prefill,prefill,fp16,slow,slow 1.0,SKIPPED"
                        + ",".repeat(16) + "reference-fp64"),
                lines.subList(1, 5));
        assertEquals(List.of("night-1", "night-2", "night-3"),
                lines.stream().skip(1).map(l -> l.split(",")[0]).distinct().toList());
        assertEquals("night-3,2026-01-03T02:00:03Z,lab1,nightly,moe-x,decode,decode,fp32,fast,fast 1.0,OK,200,8,0.25,"
                + "0.375,0.5,,0.25,310,12,,3E-7,1,,1,,reference-fp64", lines.get(lines.size() - 3));
        assertEquals("1200", lines.get(13).split(",")[11], "night-3's fast dense-x fp32 tokens/s");
    }

    @Test
    void namesAWorkbookWouldRunAreNeutralised() throws IOException {
        SyntheticRuns.write(tmp.resolve("run"), List.of(SyntheticRuns.ok(SyntheticRuns.row("=1+1", "@host",
                "2026-01-01T00:00:00Z", "=HYPERLINK(\"http://x\")", "prefill", "prefill", "fp32", "+cmd"),
                1, 0, 1, 1, 1, 0)));
        String row = HistoryCsv.of(ReportRuns.load(List.of(tmp.resolve("run")))).render().split("\r\n")[1];
        assertEquals("'=1+1,2026-01-01T00:00:00Z,'@host,nightly,\"'=HYPERLINK(\"\"http://x\"\")\",prefill,prefill,fp32,"
                + "'+cmd,'+cmd 1.0,OK,1,0,1,1.5,2,,,1,1,,0,1,,1,,reference-fp64", row);
    }

    @Test
    void measuredColumnsKeepResultsCsvNames() {
        List<String> header = HistoryCsv.header();
        for (Column column : HistoryCsv.MEASURES) {
            assertEquals(column.csvName(), header.get(9 + HistoryCsv.MEASURES.indexOf(column)));
        }
    }
}
