package dev.portbench.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvailabilityTest {

    @Test
    void yesIsAvailableWithEmptyReason() {
        Availability a = Availability.yes();
        assertTrue(a.available());
        assertEquals("", a.reason());
        assertEquals("", new Availability(true, null).reason());
    }

    @Test
    void noKeepsItsReason() {
        Availability a = Availability.no("no CUDA driver");
        assertFalse(a.available());
        assertEquals("no CUDA driver", a.reason());
    }

    @Test
    void unavailableWithoutReasonIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Availability.no(null));
        assertThrows(IllegalArgumentException.class, () -> Availability.no(""));
        assertThrows(IllegalArgumentException.class, () -> Availability.no(" \t"));
    }
}
