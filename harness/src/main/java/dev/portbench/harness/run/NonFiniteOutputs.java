package dev.portbench.harness.run;

import dev.portbench.results.Npy;
import dev.portbench.results.NpyArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts NaN and infinite values in saved outputs, for the row's reason: a NaN drift says the outputs were not
 * finite, the reason says how many values, of which kind, in which file.
 */
final class NonFiniteOutputs {

    private NonFiniteOutputs() {
    }

    /**
     * e.g. {@code "non-finite outputs: logits.npy holds 1 NaN of 2048 values"}; empty when every floating-point value
     * of the named files is finite. {@code who} prefixes it ("fp64 oracle's " for the reference's outputs); files
     * that do not exist or hold integers (routing, tokens) are passed over.
     */
    static String describe(String who, Path dir, List<String> files) throws IOException {
        List<String> found = new ArrayList<>();
        for (String name : files) {
            Path file = dir.resolve(name);
            if (!Files.exists(file)) {
                continue;
            }
            NpyArray array = Npy.read(file);
            if (!array.isFloat()) {
                continue;
            }
            String counts = counts(array.floats());
            if (!counts.isEmpty()) {
                found.add(name + " holds " + counts + " of " + array.floats().length + " values");
            }
        }
        return found.isEmpty() ? "" : "non-finite " + who + "outputs: " + String.join("; ", found);
    }

    /** The saved floating-point outputs of a bring-your-own cell: output-00.npy, output-01.npy, ... */
    static List<String> byoFiles(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve(RunLayout.byoOutput(i))); i++) {
            names.add(RunLayout.byoOutput(i));
        }
        return names;
    }

    /** e.g. "2 NaN, 1 +Inf"; empty when all are finite. */
    static String counts(double[] values) {
        long nan = 0;
        long positive = 0;
        long negative = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                nan++;
            } else if (v == Double.POSITIVE_INFINITY) {
                positive++;
            } else if (v == Double.NEGATIVE_INFINITY) {
                negative++;
            }
        }
        List<String> parts = new ArrayList<>();
        add(parts, nan, "NaN");
        add(parts, positive, "+Inf");
        add(parts, negative, "-Inf");
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, long count, String what) {
        if (count > 0) {
            parts.add(String.format(Locale.ROOT, "%d %s", count, what));
        }
    }
}
