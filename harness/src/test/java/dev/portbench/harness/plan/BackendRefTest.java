package dev.portbench.harness.plan;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendRefTest {

    @Test
    void aPlainIdHasNoVersion() {
        BackendRef ref = BackendRef.parse("onnxruntime-cpu");
        assertEquals("onnxruntime-cpu", ref.name());
        assertEquals("onnxruntime-cpu", ref.id());
        assertNull(ref.version());
        assertFalse(ref.isVersioned());
    }

    @Test
    void idAtVersionSplitsAtTheAt() {
        BackendRef ref = BackendRef.parse("onnxruntime-cpu@1.28.0");
        assertEquals("onnxruntime-cpu@1.28.0", ref.name());
        assertEquals("onnxruntime-cpu", ref.id());
        assertEquals("1.28.0", ref.version());
        assertTrue(ref.isVersioned());
        assertEquals("1.17.0-rc1", BackendRef.parse("x@1.17.0-rc1").version());
    }

    @Test
    void malformedNamesSayWhatWasWrongAndWhatIsExpected() {
        assertMessage("onnxruntime-cpu@", "backend 'onnxruntime-cpu@' has no version after '@'");
        assertMessage("a@b@c", "backend 'a@b@c' has more than one '@'");
        assertMessage("@1.28.0", "backend '@1.28.0' has no id before '@'");
        assertMessage("onnxruntime-cpu@../../etc", "version '../../etc' must start with a letter or digit");
        assertMessage("onnxruntime-cpu@1.0/x", "version '1.0/x' must start with a letter or digit and hold only");
    }

    private static void assertMessage(String name, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackendRef.parse(name));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains("expected ID or ID@VERSION, e.g. onnxruntime-cpu@1.28.0"), e.getMessage());
    }
}
