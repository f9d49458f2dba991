package dev.portbench.results.report;

import dev.portbench.results.compare.RatioInterval;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DisplayTest {

    @Test
    void amountsHaveFourSignificantDigits() {
        assertEquals("21450", Display.amount(21449.3066));
        assertEquals("0.1723", Display.amount(0.172288));
        assertEquals("300", Display.amount(300.0));
        assertEquals("1.5", Display.amount(1.5));
        assertEquals("5.00e-04", Display.amount(5e-4));
        assertEquals("-", Display.amount(Double.NaN));
    }

    @Test
    void driftIsScientificAndExactIsZero() {
        assertEquals("3.95e-07", Display.drift(3.94674805E-7));
        assertEquals("0", Display.drift(0));
    }

    @Test
    void rangesShowTheirIntervalOrJustTheRatio() {
        assertEquals("0.500 [0.400, ∞]", Display.range(new RatioInterval(0.5, 0.4, Double.POSITIVE_INFINITY)));
        assertEquals("2.000", Display.range(new RatioInterval(2, Double.NaN, Double.NaN)));
        assertEquals("-", Display.range(new RatioInterval(Double.NaN, Double.NaN, Double.NaN)));
    }

    @Test
    void instantsAreShownToTheSecond() {
        assertEquals("2026-11-22T08:44:12Z", Display.instant(Optional.of(Instant.parse("2026-11-22T08:44:12.6Z"))));
        assertEquals("-", Display.instant(Optional.empty()));
    }
}
