package dev.portbench.results.runs;

import dev.portbench.results.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a run directory says about itself when its rows come from several runs (a merged night). */
class RunResultsTest {
    @TempDir
    Path tmp;

    private static final CellKey DENSE = new CellKey("dense-small", "prefill", "prefill", "fp32", "onnxruntime-cpu");
    private static final CellKey MOE = new CellKey("moe-small", "prefill", "prefill", "fp32", "onnxruntime-cpu");

    /** A night merged from hostB's run and hostA's, their rows in the order given. */
    private RunResults night(String name, boolean hostBFirst) throws IOException {
        var a = SyntheticRun.okRow("dense-small", "onnxruntime-cpu", 1000, 10).set(Column.RUN_ID, "idA")
                .set(Column.HOST, "hostA");
        var b = SyntheticRun.okRow("moe-small", "onnxruntime-cpu", 700, 10).set(Column.RUN_ID, "idB")
                .set(Column.HOST, "hostB").set(Column.SUITE, "lab-moe");
        SyntheticRun run = SyntheticRun.at(tmp.resolve(name).resolve("2026-11-22"));
        (hostBFirst ? run.add(b).add(a) : run.add(a).add(b)).write();
        return RunResults.load(tmp.resolve(name).resolve("2026-11-22"));
    }

    @Test
    void aMergedNightNamesEveryRunAndHostWhateverTheOrderOfItsRows() throws IOException {
        for (RunResults night : List.of(night("ab", false), night("ba", true))) {
            assertEquals(List.of("idA", "idB"), night.runIds());
            assertEquals(List.of("hostA", "hostB"), night.hosts());
            assertEquals(List.of("lab-moe", "synthetic"), night.suites());
            assertEquals("idA", night.runId(DENSE));
            assertEquals("idB", night.runId(MOE));
            assertEquals("", night.runId(new CellKey("gone", "prefill", "prefill", "fp32", "onnxruntime-cpu")));
            assertEquals("2026-11-22 (2 runs)", night.label());
        }
    }

    @Test
    void aRunIsLabelledByItsRunIdAndOneWithoutRowsByItsDirectory() throws IOException {
        SyntheticRun.at(tmp.resolve("one")).add(SyntheticRun.okRow("dense-small", "onnxruntime-cpu", 1000, 10))
                .add(SyntheticRun.okRow("moe-small", "onnxruntime-cpu", 700, 10)).write();
        RunResults one = RunResults.load(tmp.resolve("one"));
        assertEquals(List.of("night-1"), one.runIds());
        assertEquals(List.of("lab1"), one.hosts());
        assertEquals(List.of("synthetic"), one.suites());
        assertEquals("night-1", one.label());
        SyntheticRun.at(tmp.resolve("empty")).write();
        RunResults empty = RunResults.load(tmp.resolve("empty"));
        assertEquals(List.of(), empty.runIds());
        assertEquals("empty", empty.label());
    }
}
