package dev.portbench.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portbench.results.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

class NonFiniteOutputsTest {

    @TempDir
    Path dir;

    @Test
    void namesEachFileWithItsCountsAndPassesOverFiniteIntegerAndAbsentFiles() throws IOException {
        double inf = Double.POSITIVE_INFINITY;
        Npy.write(dir.resolve("logits.npy"), new long[] {1, 2, 3}, new double[] {1, 2, 3, 4, 5, 6});
        Npy.write(dir.resolve("step_logits.npy"), new long[] {1, 1, 6},
                new double[] {Double.NaN, inf, Double.NaN, -inf, 0, 1});
        Npy.write(dir.resolve("tokens.npy"), new long[] {1, 2}, new long[] {3, 4});
        List<String> files = List.of("logits.npy", "step_logits.npy", "tokens.npy", "absent.npy");
        assertEquals("non-finite outputs: step_logits.npy holds 2 NaN, 1 +Inf, 1 -Inf of 6 values",
                NonFiniteOutputs.describe("", dir, files));
        assertEquals("", NonFiniteOutputs.describe("", dir, List.of("logits.npy", "tokens.npy")));
        assertEquals("non-finite fp64 oracle's outputs: step_logits.npy holds 2 NaN, 1 +Inf, 1 -Inf of 6 values",
                NonFiniteOutputs.describe("fp64 oracle's ", dir, files));
    }

    @Test
    void bringYourOwnOutputsAreListedInOrderUntilTheFirstGap() throws IOException {
        Npy.write(dir.resolve(RunLayout.byoOutput(0)), new long[] {1}, new double[] {1});
        Npy.write(dir.resolve(RunLayout.byoOutput(1)), new long[] {1}, new double[] {Double.NaN});
        assertEquals(List.of(RunLayout.byoOutput(0), RunLayout.byoOutput(1)), NonFiniteOutputs.byoFiles(dir));
        assertEquals("non-finite outputs: " + RunLayout.byoOutput(1) + " holds 1 NaN of 1 values",
                NonFiniteOutputs.describe("", dir, NonFiniteOutputs.byoFiles(dir)));
    }
}
