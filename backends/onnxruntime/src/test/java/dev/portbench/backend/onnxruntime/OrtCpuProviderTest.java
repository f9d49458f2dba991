package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.Availability;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrtCpuProviderTest {
    private final OrtCpuProvider provider = new OrtCpuProvider();

    @Test
    void isRegisteredUnderOnnxruntimeCpu() {
        assertEquals("onnxruntime-cpu", provider.id());
        assertInstanceOf(OrtCpuProvider.class, Backends.find("onnxruntime-cpu").orElseThrow());
    }

    @Test
    void probeFindsTheCpuProviderOfTheBundledRuntime() {
        Availability a = provider.probe();
        assertTrue(a.available(), a.reason());
    }

    @Test
    void everyDocumentedOptionIsReadAndChecked() {
        for (String key : provider.supportedOptions().keySet()) {
            BackendException e = assertThrows(BackendException.class,
                    () -> provider.checkOptions(new BackendOptions("onnxruntime-cpu", Map.of(key, "-7"))),
                    key + " is documented but never read");
            assertTrue(e.getMessage().contains("onnxruntime-cpu." + key), e.getMessage());
        }
    }

    @Test
    void documentedOptionsAreExactlyTheAppliedOnes() {
        Set<String> applied = new HashSet<>(OrtSessionSettings.from(BackendOptions.none("onnxruntime-cpu")).applied()
                .keySet());
        applied.remove("provider");
        applied.remove("native_path");
        assertEquals(applied, provider.supportedOptions().keySet());
        provider.supportedOptions().values().forEach(doc -> assertTrue(!doc.isBlank()));
    }
}
