package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider as the harness meets it. This JVM never loads the preset: the probe runs in a child JVM. */
class OnnxRuntimeCannProviderTest {
    private final OnnxRuntimeCannProvider provider = new OnnxRuntimeCannProvider();

    @Test
    void isRegisteredUnderOnnxruntimeCannAndLoadsNothingNative() {
        assertEquals("onnxruntime-cann", provider.id());
        assertInstanceOf(OnnxRuntimeCannProvider.class, Backends.find("onnxruntime-cann").orElseThrow());
        provider.checkOptions(new BackendOptions("onnxruntime-cann", Map.of("precision_mode", "force_fp32")));
        provider.supportedOptions();
        assertFalse(CannProbe.loadedHere(), CannRuntime.mappedLibraries());
    }

    @Test
    void everyDocumentedOptionIsCheckedWithoutNativeCode() {
        for (String key : provider.supportedOptions().keySet()) {
            BackendException e = assertThrows(BackendException.class,
                    () -> provider.checkOptions(new BackendOptions("onnxruntime-cann", Map.of(key, "-7;"))),
                    key + " is documented but never read");
            assertTrue(e.getMessage().startsWith("option onnxruntime-cann." + key + " = '-7;'; expected "),
                    e.getMessage());
        }
        assertFalse(CannProbe.loadedHere());
    }

    /**
     * The preset bundles a CPU build: its first CANN call answers in ORT's own words, which the reason quotes with the
     * version and the library that answered. The probe ran in a child JVM, so this JVM still has no ORT loaded.
     */
    @Test
    void probeOnThisCpuBuildQuotesOnnxRuntimeWithVersionAndLibrary() {
        Availability a = provider.probe();
        assertFalse(a.available(), "a CPU build of ONNX Runtime must never report CANN available");
        assertTrue(a.reason().startsWith("ONNX Runtime 1.22.0 ("), a.reason());
        assertTrue(a.reason().contains("libonnxruntime.so.1"), a.reason());
        assertTrue(a.reason().endsWith(" cannot use the CANN execution provider: CreateCANNProviderOptions:"
                + " CANN execution provider is not enabled in this build."), a.reason());
        assertFalse(CannProbe.loadedHere(), CannRuntime.mappedLibraries());
        assertEquals(a, provider.probe(), "probed once per process");
    }

    /** The probe appends the provider with the cell's options: an option the child refuses is the reason. */
    @Test
    void theProbeAppendsTheProviderWithTheCellsOptions() {
        Availability bad = provider.probe(new BackendOptions("onnxruntime-cann", Map.of("device_id", "-1")));
        assertFalse(bad.available());
        assertTrue(bad.reason().startsWith("option onnxruntime-cann.device_id = '-1'"), bad.reason());
        Availability other = provider.probe(new BackendOptions("onnxruntime-cann", Map.of("device_id", "1")));
        assertTrue(other.reason().endsWith("CANN execution provider is not enabled in this build."), other.reason());
        assertFalse(CannProbe.loadedHere());
    }

    @Test
    void aBackendDescribesItselfFromTheProbeWithoutLoadingTheRuntime() {
        provider.probe();
        try (Backend b = provider.create(new BackendOptions("onnxruntime-cann", Map.of("device_id", "1")))) {
            assertTrue(b.runtimeVersion().startsWith("onnxruntime 1.22.0 (JavaCPP "), b.runtimeVersion());
            assertTrue(b.device().startsWith("Ascend NPU device 1 (CANN execution provider; /dev/davinci1 "),
                    b.device());
            assertEquals("1", b.appliedOptions().get("device_id"));
            assertEquals("force_fp16", b.appliedOptions().get("precision_mode"));
            assertNull(b.appliedOptions().get("library_path"), "not given: not recorded");
        }
        Path folder = Path.of("/opt/ort-cann/lib").toAbsolutePath();
        try (Backend b = provider.create(new BackendOptions("onnxruntime-cann", Map.of("library_path",
                folder.toString())))) {
            assertEquals(folder.toString(), b.appliedOptions().get("library_path"), "as given, not the JVM's path");
        }
        assertFalse(CannProbe.loadedHere());
    }

    @Test
    void aChildThatAnswersNothingIsAReasonWithItsStderr() {
        CannProbe.Result r = CannProbe.parse("", 134, "# A fatal error has been detected by the Java Runtime");
        assertFalse(r.available());
        assertEquals("the CANN probe JVM exited with 134 without an answer; its stderr: # A fatal error has been"
                + " detected by the Java Runtime", r.reason());
    }
}
