package dev.portbench.results.matrix;

import dev.portbench.results.Column;
import dev.portbench.results.DriftColumns;
import dev.portbench.results.DriftMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The migration matrix as a plain-text table for a terminal or a log: one line per cell and backend pair, ratios
 * target / source, the interval in brackets, drift in scientific notation. Numbers use {@link Locale#ROOT}.
 */
public final class MigrationMatrixTable {

    private static final String[] HEADER = {"cell", "source -> target", "status", "tok/s ratio [99.8% range]",
        "verdict", "on accel", "p50 ratio", "RSS ratio", "rel_l2 vs source", "rel_l2 vs oracle", "top-1 vs oracle"};

    private static final String NAN = DriftColumns.NAN;

    private MigrationMatrixTable() {
    }

    public static String render(MigrationMatrix matrix) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (MigrationPair pair : matrix.pairs()) {
            DriftMetrics.Drift d = pair.targetVsSource().drift();
            lines.add(new String[] {
                pair.sourceKey().cellLabel(),
                pair.sourceKey().backend() + " -> " + pair.targetKey().backend(),
                pair.status(),
                ratioWithRange(pair.throughput().ratio(), pair.throughput().low(), pair.throughput().high()),
                pair.throughputVerdict().csv(),
                pair.targetOnAccelerator().orElse("-"),
                fixed(pair.ratio(Column.LATENCY_P50_MS)),
                fixed(pair.ratio(Column.PEAK_RSS_MB)),
                d == null ? "-" : Double.isFinite(d.relL2()) ? scientific(d.relL2()) : NAN,
                scientific(pair.targetValue(Column.REL_L2)),
                fixed(pair.targetValue(Column.TOP1_AGREEMENT)),
            });
        }
        return align(lines);
    }

    static String align(List<String[]> lines) {
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + widths[i] + "s", line[i]));
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String ratioWithRange(double ratio, double low, double high) {
        if (!Double.isFinite(ratio)) {
            return "-";
        }
        if (Double.isNaN(low) || Double.isNaN(high)) {
            return fixed(ratio);
        }
        String upper = Double.isInfinite(high) ? "inf" : fixed(high);
        return fixed(ratio) + " [" + fixed(low) + ", " + upper + "]";
    }

    private static String fixed(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "-";
    }

    /** A recorded value: "-" when not recorded, "NaN" when recorded as NaN (a non-finite drift). */
    private static String scientific(OptionalDouble value) {
        return recordedNaN(value) ? NAN : scientific(value.orElse(Double.NaN));
    }

    private static String fixed(OptionalDouble value) {
        return recordedNaN(value) ? NAN : fixed(value.orElse(Double.NaN));
    }

    private static boolean recordedNaN(OptionalDouble value) {
        return value.isPresent() && Double.isNaN(value.getAsDouble());
    }

    private static String scientific(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2e", value) : "-";
    }
}
