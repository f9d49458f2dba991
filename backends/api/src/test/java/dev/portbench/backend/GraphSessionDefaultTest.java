package dev.portbench.backend;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Backends that do not override {@link Backend#openGraph} say why they skip a bring-your-own model. */
class GraphSessionDefaultTest {

    /** A backend like the reference: it opens scenarios and nothing else. */
    private static final class DecoderOnly implements Backend {
        @Override
        public String runtimeVersion() {
            return "test";
        }

        @Override
        public String device() {
            return "none";
        }

        @Override
        public int threads() {
            return 1;
        }

        @Override
        public Map<String, String> appliedOptions() {
            return Map.of();
        }

        @Override
        public Session open(ModelArtifact model) {
            throw new AssertionError("not called");
        }

        @Override
        public void close() {
        }
    }

    @Test
    void openGraphDefaultsToUnsupportedModelNamingTheFile() {
        try (Backend b = new DecoderOnly()) {
            BackendException e = assertThrows(BackendException.class, () -> b.openGraph(Path.of("/m/my.onnx")));
            assertInstanceOf(UnsupportedModelException.class, e);
            assertEquals("this backend runs portbench's own decoder only; the bring-your-own ONNX model my.onnx"
                    + " needs a backend that loads ONNX, such as onnxruntime-cpu", e.getMessage());
        }
    }
}
