package dev.portbench.results.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DriftColourTest {

    @Test
    void theScaleIsLogarithmicFromOneE8ToOneE1AndClamped() {
        assertEquals(0, DriftColour.position(0));
        assertEquals(0, DriftColour.position(1e-12));
        assertEquals(0, DriftColour.position(1e-8), 1e-12);
        assertEquals(0.5, DriftColour.position(Math.pow(10, -4.5)), 1e-12);
        assertEquals(1, DriftColour.position(1e-1), 1e-12);
        assertEquals(1, DriftColour.position(3));
    }

    @Test
    void greenForNoDriftRedForLarge() {
        assertEquals("hsl(120, 70%, 78%)", DriftColour.css(0));
        assertEquals("hsl(60, 70%, 78%)", DriftColour.css(Math.pow(10, -4.5)));
        assertEquals("hsl(0, 70%, 78%)", DriftColour.css(0.5));
    }
}
