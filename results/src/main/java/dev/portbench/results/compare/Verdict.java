package dev.portbench.results.compare;

import java.util.Locale;

/** What a ratio with its interval says about speed, written in comparison CSVs in lower case. */
public enum Verdict {
    /** The interval excludes 1 on the good side. */
    FASTER,
    /** The interval excludes 1 on the bad side. */
    SLOWER,
    /** The interval contains 1: the difference is within the measurements' noise. */
    NO_SIGNIFICANT_CHANGE,
    /** Both values are there but at least one has no recorded error, so significance cannot be judged. */
    UNKNOWN,
    /** A value is missing on either side (a cell that did not run, or a metric the row does not carry). */
    NOT_MEASURED;

    /** For throughput: higher is better. */
    public static Verdict higherIsBetter(RatioInterval interval) {
        if (!interval.hasRatio()) {
            return NOT_MEASURED;
        }
        if (!interval.hasInterval()) {
            return UNKNOWN;
        }
        if (interval.significantlyAboveOne()) {
            return FASTER;
        }
        return interval.significantlyBelowOne() ? SLOWER : NO_SIGNIFICANT_CHANGE;
    }

    /** For times: lower is better. */
    public static Verdict lowerIsBetter(RatioInterval interval) {
        Verdict asIfHigher = higherIsBetter(interval);
        return switch (asIfHigher) {
            case FASTER -> SLOWER;
            case SLOWER -> FASTER;
            default -> asIfHigher;
        };
    }

    /** The CSV form, e.g. {@code no_significant_change}. */
    public String csv() {
        return name().toLowerCase(Locale.ROOT);
    }
}
