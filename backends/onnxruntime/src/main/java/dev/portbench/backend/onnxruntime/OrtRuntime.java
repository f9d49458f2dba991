package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.portbench.backend.Availability;

import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.Map;

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

    /**
     * Whether an accelerator provider works here: registering it loads its library (its CUDA, cuDNN or TensorRT
     * dependencies included), and a session of {@link ProbeModel} with CPU fallback disabled, run once, needs the
     * device. A failure is the runtime's own words.
     */
    static Availability probeAccelerator(String backendId, OrtExecutionProvider provider) {
        Availability cpu = probeCpu();
        if (!cpu.available()) {
            return cpu;
        }
        String version = "ONNX Runtime " + environment().getVersion();
        try (SessionOptions options = new SessionOptions()) {
            try {
                provider.appendTo(options);
            } catch (OrtException e) {
                return Availability.no(version + " could not register " + provider.applied().get("provider")
                        + " for " + backendId + ": " + e.getMessage());
            }
            options.addConfigEntry(OrtSessionSettings.DISABLE_CPU_FALLBACK, "1");
            try (OrtSession session = environment().createSession(ProbeModel.bytes(), options);
                 OnnxTensor x = OnnxTensor.createTensor(environment(), FloatBuffer.wrap(new float[]{1, 2, 3, 4}),
                         ProbeModel.SHAPE);
                 OrtSession.Result y = session.run(Map.of(ProbeModel.INPUT, x))) {
                return Availability.yes();
            } catch (OrtException e) {
                return Availability.no(version + " registered " + provider.applied().get("provider") + " for "
                        + backendId + " but could not run a one-node graph on it: " + e.getMessage());
            }
        } catch (OrtException e) {
            return Availability.no(version + " failed to set up session options: " + e.getMessage());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            return Availability.no("ONNX Runtime's native library did not load: " + e);
        } catch (RuntimeException e) {
            return Availability.no(version + " failed while probing " + backendId + ": " + e);
        }
    }

    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }
}
