package dev.portbench.results;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Writes and parses the numbers of results.csv, independent of the default locale.
 *
 * <p>Format: the value rounded half-even to {@value #SIGNIFICANT_DIGITS} significant digits, trailing zeros stripped,
 * no grouping, '.' as decimal separator. Plain notation for 1e-4 &le; |x| &lt; 1e9 ({@code 123456.789},
 * {@code 0.0125}), otherwise {@code <mantissa>E<exponent>} ({@code 1.2345678E-7}, {@code 2.5E10}); zero is
 * {@code 0}. Nine digits keep every fp32 value exactly and a double to about 1e-9 relative, which is far below what a
 * benchmark measures; both notations parse in Java, Python, pandas, R and spreadsheets.
 */
public final class Decimals {

    static final int SIGNIFICANT_DIGITS = 9;

    private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);
    // Stricter than Double.parseDouble, which also takes "NaN", "Infinity", hex and a trailing 'd' or 'f'.
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private Decimals() {
    }

    /** Formats a finite value; NaN and infinities have no cell text (the caller writes an empty cell). */
    public static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("expected a finite number, got " + value);
        }
        if (value == 0) {
            return "0"; // also -0.0: a sign on zero carries no information in a result
        }
        BigDecimal rounded = new BigDecimal(value).round(ROUNDING).stripTrailingZeros();
        int exponent = rounded.precision() - rounded.scale() - 1; // decimal exponent of the leading digit
        if (exponent >= -4 && exponent < 9) {
            return rounded.toPlainString();
        }
        String digits = rounded.unscaledValue().abs().toString();
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (rounded.signum() < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        return out.append('E').append(exponent).toString();
    }

    /**
     * Parses a decimal cell; the message says what was received and what was expected. A drift metric may also be
     * {@value DriftColumns#NAN} (see {@link DriftColumns}), which parses to NaN.
     */
    static double parseDecimal(Column column, String text) {
        if (text.equals(DriftColumns.NAN)) {
            if (DriftColumns.mayBeNaN(column)) {
                return Double.NaN;
            }
            throw new IllegalArgumentException("column " + column.csvName() + ": expected a decimal number such as "
                    + "12.5 or 1.5E-7, got \"" + text + "\" (NaN is allowed only in the drift columns "
                    + DriftColumns.names() + ")");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("column " + column.csvName() + ": expected a decimal number such as "
                    + "12.5 or 1.5E-7, got \"" + text + "\"");
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("column " + column.csvName() + ": expected a finite decimal number, got \""
                    + text + "\" (out of the range of a double)");
        }
        return value;
    }

    /** Parses an integer cell; the message says what was received and what was expected. */
    static long parseInteger(Column column, String text) {
        if (INTEGER.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLarge) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("column " + column.csvName() + ": expected an integer (64-bit, no decimal "
                + "point), got \"" + text + "\"");
    }
}
