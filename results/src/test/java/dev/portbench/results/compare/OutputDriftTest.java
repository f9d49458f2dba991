package dev.portbench.results.compare;

import dev.portbench.results.Npy;
import dev.portbench.results.runs.CellKey;
import dev.portbench.results.runs.RunFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved outputs that cannot be compared are a note naming the file, never an exception out of compare or report. */
class OutputDriftTest {
    private static final CellKey DENSE = new CellKey("dense", "prefill", "prefill", "fp32", "ort");

    @TempDir
    Path dir;

    private RunFiles run(String name) {
        return new RunFiles(dir.resolve(name));
    }

    private Path logits(RunFiles run) throws IOException {
        Path outputs = run.outputs(DENSE);
        Files.createDirectories(outputs);
        return RunFiles.logits(outputs);
    }

    @Test
    void floatLogitsOfTheSameShapeAreCompared() throws IOException {
        RunFiles a = run("a");
        RunFiles b = run("b");
        Npy.write(logits(a), new long[] {1, 1, 2}, new double[] {1, 2});
        Npy.write(logits(b), new long[] {1, 1, 2}, new double[] {1, 2.5});
        OutputDrift drift = OutputDrift.between(b, DENSE, a, DENSE);
        assertTrue(drift.computed(), drift.note());
        assertEquals(0.5, drift.drift().maxAbsErr(), 1e-15);
    }

    @Test
    void integerLogitsAreANoteNamingTheFileAndType() throws IOException {
        RunFiles a = run("a");
        RunFiles b = run("b");
        Npy.write(logits(a), new long[] {1, 1, 2}, new double[] {1, 2});
        Path ints = logits(b);
        Npy.write(ints, new long[] {1, 1, 2}, new long[] {1, 2});
        OutputDrift drift = OutputDrift.between(b, DENSE, a, DENSE);
        assertNull(drift.drift());
        assertTrue(drift.note().startsWith("logits of type <i8 [1, 1, 2]; expected floating point logits at " + ints),
                drift.note());
    }

    @Test
    void emptyLogitsAreANoteNamingTheFile() throws IOException {
        RunFiles a = run("a");
        RunFiles b = run("b");
        Path empty = logits(a);
        Npy.write(empty, new long[] {1, 0}, new double[0]);
        Npy.write(logits(b), new long[] {1, 0}, new double[0]);
        OutputDrift drift = OutputDrift.between(b, DENSE, a, DENSE);
        assertNull(drift.drift());
        assertTrue(drift.note().startsWith("no logits (shape [1, 0]); expected at least one value at "),
                drift.note());
    }
}
