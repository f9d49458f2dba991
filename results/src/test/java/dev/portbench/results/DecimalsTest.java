package dev.portbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void formatsPlainNumbersWithoutTrailingZeros() {
        assertEquals("123456.789", Decimals.format(123456.789));
        assertEquals("0.1", Decimals.format(0.1));
        assertEquals("12.5", Decimals.format(12.5));
        assertEquals("3", Decimals.format(3.0));
        assertEquals("-0.0125", Decimals.format(-0.0125));
        assertEquals("0.0001", Decimals.format(1e-4));
        assertEquals("999999999", Decimals.format(999999999.0));
        assertEquals("0", Decimals.format(0.0));
        assertEquals("0", Decimals.format(-0.0));
    }

    @Test
    void roundsToNineSignificantDigits() {
        assertEquals("3.14159265", Decimals.format(Math.PI));
        assertEquals("0.333333333", Decimals.format(1.0 / 3));
        assertEquals("1234567.89", Decimals.format(1234567.891));
        assertEquals("1", Decimals.format(0.9999999999)); // 1 - 1e-10 rounds to 1 at nine digits
    }

    @Test
    void usesExponentNotationForVerySmallAndLargeValues() {
        assertEquals("1.2345678E-7", Decimals.format(1.2345678e-7));
        assertEquals("9.99E-5", Decimals.format(9.99e-5));
        assertEquals("1E9", Decimals.format(1e9));
        assertEquals("2.5E10", Decimals.format(2.5e10));
        assertEquals("-6.02214076E23", Decimals.format(-6.02214076e23));
        assertEquals("4.94065646E-324", Decimals.format(Double.MIN_VALUE));
    }

    @Test
    void roundTripsToNineDigits() {
        double[] values = {1.2345678e-7, 123456.789, 0.987654321, 7.0e-12, 3.4028235e38, 1.17549435e-38};
        for (double value : values) {
            double back = Decimals.parseDecimal(Column.KL, Decimals.format(value));
            assertEquals(value, back, Math.abs(value) * 5e-9, () -> "value " + value);
        }
    }

    @Test
    void everyFloatSurvivesExactly() {
        float[] values = {0.1f, 1.0f / 3, 123456.79f, 1.2345678e-7f, Float.MIN_NORMAL, Float.MAX_VALUE};
        for (float value : values) {
            assertEquals(value, (float) Decimals.parseDecimal(Column.KL, Decimals.format(value)), 0);
        }
    }

    @Test
    void ignoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // decimal comma, '.' grouping
            assertEquals("1234567.5", Decimals.format(1234567.5));
            assertEquals(1234567.5, Decimals.parseDecimal(Column.KL, "1234567.5"), 0);
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void rejectsNonFiniteValues() {
        assertThrows(IllegalArgumentException.class, () -> Decimals.format(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Decimals.format(Double.POSITIVE_INFINITY));
    }

    @Test
    void parsesOnlyPlainAndExponentNotation() {
        assertEquals(1.5e-7, Decimals.parseDecimal(Column.KL, "1.5E-7"), 0);
        assertEquals(1.5e-7, Decimals.parseDecimal(Column.KL, "1.5e-07"), 0);
        assertEquals(-0.5, Decimals.parseDecimal(Column.KL, "-.5"), 0);
        assertEquals(3, Decimals.parseDecimal(Column.KL, "3."), 0);
        for (String bad : new String[] {"NaN", "Infinity", "1,5", "1.5d", "0x1p3", "", " 1", "1e999", "e5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Decimals.parseDecimal(Column.TOKENS_PER_S, bad), bad);
            assertTrue(e.getMessage().contains("tokens_per_s") && e.getMessage().contains('"' + bad + '"'),
                    e.getMessage());
        }
    }

    @Test
    void parsesIntegersWithoutDecimalPoint() {
        assertEquals(-42, Decimals.parseInteger(Column.BATCH, "-42"));
        assertEquals(Long.MAX_VALUE, Decimals.parseInteger(Column.BATCH, "9223372036854775807"));
        for (String bad : new String[] {"4.0", "1e3", "9223372036854775808", "four", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Decimals.parseInteger(Column.BATCH, bad), bad);
            assertTrue(e.getMessage().contains("batch") && e.getMessage().contains('"' + bad + '"'), e.getMessage());
        }
    }
}
