package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.portbench.backend.Availability;

import java.util.EnumSet;

/** The one place that first loads ONNX Runtime's native library, and turns a failure into a reason. */
final class OrtRuntime {
    private OrtRuntime() {
    }

    static Availability probeCpu() {
        try {
            EnumSet<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
            if (!providers.contains(OrtProvider.CPU)) {
                return Availability.no("ONNX Runtime " + environment().getVersion()
                        + " lists no CPU execution provider; it has " + providers);
            }
            return Availability.yes();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            return Availability.no("ONNX Runtime's native library did not load: " + e);
        } catch (RuntimeException e) {
            return Availability.no("ONNX Runtime failed to start: " + e);
        }
    }

    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }
}
