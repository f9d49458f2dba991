package dev.portbench.harness.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as people write them: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)");
    /** The longest duration taken: a week. */
    public static final Duration MAX = Duration.ofDays(7);

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** A warm-up cap, which may be zero (no warm-up): {@code 0s}, {@code 0}, or any positive duration. */
    public static final class WarmupCap implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return value.trim().matches("0+(ms|s|m|h)?") ? Duration.ZERO : parse(value);
        }
    }

    public static Duration parse(String value) {
        Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a duration; expected a whole number with ms, s, m or h, e.g. 500ms or 2s");
        }
        Duration d;
        try {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } catch (NumberFormatException | ArithmeticException tooLong) {
            d = MAX.plusMillis(1);
        }
        if (d.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is zero; expected a positive duration");
        }
        if (d.compareTo(MAX) > 0) { // a time limit this long is a typo, and would overflow milliseconds downstream
            throw new CommandLine.TypeConversionException("'" + value + "' is longer than a week; expected at most "
                    + MAX.toHours() + "h");
        }
        return d;
    }
}
