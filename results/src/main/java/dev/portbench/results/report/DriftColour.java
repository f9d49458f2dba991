package dev.portbench.results.report;

import java.util.Locale;

/**
 * The heat map's colour for a rel_l2: a fixed logarithmic scale from green (1e-8 and below, exact included) through
 * yellow to red (1e-1 and above). Fixed rather than fitted to the data, so a colour means the same drift on every
 * page and every dtype: fp32 cells land in the green, fp16 around yellow, a broken kernel in the red.
 */
final class DriftColour {

    static final int LOWEST_EXPONENT = -8;
    static final int HIGHEST_EXPONENT = -1;

    private DriftColour() {
    }

    /**
     * 0 for 1e-8 or less (and exact zero), 1 for 1e-1 or more, linear in log10 between; NaN (non-finite outputs) is 1:
     * a backend producing NaN is as red as the scale goes, never green.
     */
    static double position(double relL2) {
        if (!Double.isFinite(relL2)) {
            return 1;
        }
        if (!(relL2 > 0)) {
            return 0;
        }
        double t = (Math.log10(relL2) - LOWEST_EXPONENT) / (HIGHEST_EXPONENT - LOWEST_EXPONENT);
        return Math.min(1, Math.max(0, t));
    }

    /** A light CSS colour (dark text stays readable on it): hue 120 (green) at 0 down to 0 (red) at 1. */
    static String css(double relL2) {
        return String.format(Locale.ROOT, "hsl(%.0f, 70%%, 78%%)", 120 * (1 - position(relL2)));
    }
}
