package dev.portbench.backend.reference;

import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceProviderTest {

    @Test
    void bothPrecisionsAreRegisteredForServiceLoaderSortedById() {
        assertEquals(List.of("reference-fp32", "reference-fp64"),
                Backends.discover().stream().map(BackendProvider::id).toList());
        assertInstanceOf(ReferenceFp32Provider.class, Backends.find("reference-fp32").orElseThrow());
        assertInstanceOf(ReferenceFp64Provider.class, Backends.find("reference-fp64").orElseThrow());
    }

    /** The reference computes the definition's (naive) order whatever form a scenario names for its export. */
    @Test
    void bothComputeTheNaiveFormOfLatentAttention() {
        dev.portbench.scenarios.MlaSpec absorbed = dev.portbench.scenarios.ScenarioCatalog.builtIn()
                .find("mla-small-absorbed").orElseThrow().model().mla();
        assertEquals(dev.portbench.scenarios.MlaSpec.Form.ABSORBED, absorbed.form());
        for (BackendProvider p : List.of(new ReferenceFp32Provider(), new ReferenceFp64Provider())) {
            assertEquals(dev.portbench.scenarios.MlaSpec.Form.NAIVE,
                    p.create(BackendOptions.none(p.id())).mlaForm(absorbed));
        }
    }

    @Test
    void providersAreAlwaysAvailableTakeThreadsAndCreateTheirPrecision() {
        for (BackendProvider p : List.of(new ReferenceFp32Provider(), new ReferenceFp64Provider())) {
            assertTrue(p.probe().available());
            assertEquals(java.util.Set.of("threads"), p.supportedOptions().keySet());
            dev.portbench.backend.BackendException bad = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.portbench.backend.BackendException.class,
                    () -> p.checkOptions(new BackendOptions(p.id(), Map.of("threads", "0"))));
            assertEquals("option " + p.id() + ".threads = '0'; expected a positive integer, cores (the "
                    + Runtime.getRuntime().availableProcessors() + " processors this JVM may use) or cores-N with"
                    + " N >= 1 (N fewer, never below 1), e.g. cores-1", bad.getMessage());
            assertEquals(Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() - 1)),
                    p.create(new BackendOptions(p.id(), Map.of("threads", "cores-1"))).appliedOptions().get("threads"));
            assertFalse(p.description().isBlank());
            assertDoesNotThrow(() -> p.checkOptions(BackendOptions.none(p.id())));
            assertEquals(p.id(), "reference-" + p.create(BackendOptions.none(p.id())).appliedOptions().get("precision"));
        }
    }
}
