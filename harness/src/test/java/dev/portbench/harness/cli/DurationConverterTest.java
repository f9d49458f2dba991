package dev.portbench.harness.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationConverterTest {
    @Test
    void parsesTheUnitsPeopleWrite() {
        assertEquals(Duration.ofMillis(250), DurationConverter.parse("250ms"));
        assertEquals(Duration.ofSeconds(2), DurationConverter.parse("2s"));
        assertEquals(Duration.ofMinutes(5), DurationConverter.parse("5M"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse(" 1h "));
    }

    @Test
    void rejectsOtherFormsWithTheExpectedOne() {
        var e = assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse("1.5s"));
        assertTrue(e.getMessage().contains("'1.5s'") && e.getMessage().contains("500ms"), e.getMessage());
        assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse("0s"));
        assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse("-3s"));
    }

    /** Past a week, and past what a long holds, is refused saying the most taken (not "long overflow"). */
    @Test
    void aDurationLongerThanAWeekIsRefused() {
        assertEquals(Duration.ofHours(168), DurationConverter.parse("168h"));
        for (String tooLong : new String[] {"169h", "99999999999999h", "99999999999999999999s"}) {
            var e = assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse(tooLong));
            assertEquals("'" + tooLong + "' is longer than a week; expected at most 168h", e.getMessage());
        }
    }
}
