package dev.portbench.harness.env;

import java.util.regex.Pattern;

/** The numbers npu-smi prints: plain decimals (never localised), or NA / - where it has no reading. */
final class NpuSmiNumbers {
    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("\\d{1,9}");

    private NpuSmiNumbers() {
    }

    static boolean isAbsent(String token) {
        return token.equals("NA") || token.equals("-");
    }

    /** The value, or null when the token is not a plain decimal. Double.parseDouble ignores the default locale. */
    static Double decimal(String token) {
        return DECIMAL.matcher(token).matches() ? Double.parseDouble(token) : null;
    }

    /** The value, or null when the token is not a plain whole number. */
    static Integer integer(String token) {
        return INTEGER.matcher(token).matches() ? Integer.parseInt(token) : null;
    }
}
