package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.Availability;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backend;
import dev.portbench.backend.Backends;
import dev.portbench.backend.RuntimeArtifact;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
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

    @Test
    void theRuntimeArtifactIsTheJarThatHoldsOnnxRuntimeAndTheVersionEndsRuntimeVersion() throws Exception {
        RuntimeArtifact artifact = provider.runtimeArtifact().orElseThrow();
        assertEquals("com.microsoft.onnxruntime:onnxruntime", artifact.coordinates());
        Path jar = Path.of(ai.onnxruntime.OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        String loaded = ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion();
        assertEquals(artifact.jarName(loaded), jar.getFileName().toString(),
                "the harness swaps jars by this name, and checks the version by the loaded runtime's");
        try (Backend b = provider.create(BackendOptions.none("onnxruntime-cpu"))) {
            assertTrue(b.runtimeVersion().endsWith(" " + loaded), b.runtimeVersion());
        }
    }
}
