package dev.portbench.results.report;

import dev.portbench.results.DriftColumns;
import dev.portbench.results.compare.RatioInterval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Numbers for people reading the page or the Markdown (the CSVs keep full precision): four significant digits in
 * plain notation for values people read as amounts, scientific notation for drift; '-' for a value not measured.
 * Always {@link Locale#ROOT}, so a page reads the same wherever it was made.
 */
final class Display {

    static final String NONE = "-";
    /** A drift recorded as NaN: the outputs were not finite. Never shown as {@link #NONE}, which reads as "not run". */
    static final String NAN = DriftColumns.NAN;

    private static final MathContext FOUR = new MathContext(4, RoundingMode.HALF_EVEN);

    private Display() {
    }

    /** e.g. 21449.3066 → {@code 21450}, 0.172288 → {@code 0.1723}; tiny or huge values in scientific notation. */
    static String amount(double value) {
        if (!Double.isFinite(value)) {
            return NONE;
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude < 1e-3 || magnitude >= 1e9) {
            return drift(value);
        }
        BigDecimal rounded = new BigDecimal(value).round(FOUR);
        return rounded.scale() < 0 ? rounded.setScale(0, RoundingMode.UNNECESSARY).toPlainString()
                : rounded.stripTrailingZeros().toPlainString();
    }

    /** A value read from results.csv: '-' when not recorded, {@code NaN} when recorded as NaN (a drift metric). */
    static String amount(OptionalDouble value) {
        return recordedNaN(value) ? NAN : amount(value.orElse(Double.NaN));
    }

    /** e.g. {@code 3.95e-07}; zero is {@code 0} (identical outputs). */
    static String drift(double value) {
        if (!Double.isFinite(value)) {
            return NONE;
        }
        return value == 0 ? "0" : String.format(Locale.ROOT, "%.2e", value);
    }

    /**
     * A drift portbench computed itself (a target's outputs against a source's): {@code NaN} where the outputs were not
     * finite, never '-', which reads as "not compared".
     */
    static String computedDrift(double value) {
        return Double.isFinite(value) ? drift(value) : NAN;
    }

    /** As {@link #amount(OptionalDouble)}: '-' when not recorded, {@code NaN} when recorded as NaN. */
    static String drift(OptionalDouble value) {
        return recordedNaN(value) ? NAN : drift(value.orElse(Double.NaN));
    }

    private static boolean recordedNaN(OptionalDouble value) {
        return value.isPresent() && Double.isNaN(value.getAsDouble());
    }

    /** A ratio, e.g. {@code 0.874}. */
    static String ratio(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : NONE;
    }

    /** e.g. {@code 0.874 [0.801, 0.95]}: the ratio with its range; the ratio alone without one. */
    static String range(RatioInterval interval) {
        if (!interval.hasRatio()) {
            return NONE;
        }
        if (!interval.hasInterval()) {
            return ratio(interval.ratio());
        }
        String high = Double.isInfinite(interval.high()) ? "∞" : ratio(interval.high());
        return ratio(interval.ratio()) + " [" + ratio(interval.low()) + ", " + high + "]";
    }

    /** A run's start to the second, e.g. {@code 2026-11-22T08:44:12Z} (results.csv keeps the nanoseconds). */
    static String instant(Optional<Instant> instant) {
        return instant.map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse(NONE);
    }
}
