package dev.portbench.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API module registers no provider, so on its own test class path there is nothing to discover. */
class BackendsTest {

    @Test
    void discoverFindsNoProviderInTheApiModuleAlone() {
        assertEquals(0, Backends.discover().size());
    }

    @Test
    void findOfAnyIdIsEmptyHere() {
        assertTrue(Backends.find("reference-fp64").isEmpty());
    }
}
