package dev.portbench.harness.runtimes;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeVersionCheckTest {

    @Test
    void theVersionAskedForIsTheLastWordOfTheLoadedRuntimesVersion() {
        assertEquals(Optional.empty(), RuntimeVersionCheck.mismatch("onnxruntime-cpu@1.28.0", "onnxruntime 1.28.0"));
    }

    @Test
    void aPlainBackendAsksForNoVersion() {
        assertEquals(Optional.empty(), RuntimeVersionCheck.mismatch("onnxruntime-cpu", "onnxruntime 1.29.0"));
    }

    @Test
    void anotherVersionLoadedSaysAskedForAndLoaded() {
        String why = RuntimeVersionCheck.mismatch("onnxruntime-cpu@1.28.0", "onnxruntime 1.29.0").orElseThrow();
        assertEquals("onnxruntime-cpu@1.28.0 asked for runtime version 1.28.0, but the runtime loaded reports"
                + " 'onnxruntime 1.29.0' (version 1.29.0): a jar or native library of another version was loaded,"
                + " e.g. through a native-library path such as -Donnxruntime.native.path", why);
    }

    @Test
    void versionsAreComparedWholeNotByPrefixOrSuffix() {
        assertTrue(RuntimeVersionCheck.mismatch("onnxruntime-cpu@1.28.0", "onnxruntime 11.28.0").isPresent());
        assertTrue(RuntimeVersionCheck.mismatch("onnxruntime-cpu@1.28.0", "onnxruntime 1.28.0.1").isPresent());
        assertTrue(RuntimeVersionCheck.mismatch("onnxruntime-cpu@1.28", "onnxruntime 1.28.0").isPresent());
    }

    @Test
    void requireThrowsTheReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RuntimeVersionCheck.require("onnxruntime-cpu@1.28.0", "onnxruntime 1.29.0"));
        assertTrue(e.getMessage().startsWith("onnxruntime-cpu@1.28.0 asked for runtime version 1.28.0"), e.getMessage());
    }
}
