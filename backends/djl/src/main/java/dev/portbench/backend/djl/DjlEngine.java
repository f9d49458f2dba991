package dev.portbench.backend.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.portbench.backend.Availability;
import dev.portbench.backend.BackendException;

import java.util.Locale;

/** Loading DJL's PyTorch engine, offline, and what it can run on: the one place that touches libtorch first. */
final class DjlEngine {
    static final String ENGINE = "PyTorch";
    private static final int REASON_CHARS = 200;

    private DjlEngine() {
    }

    /**
     * The engine, loaded (offline: DJL may extract the bundled libtorch into its cache, never download one).
     *
     * @throws BackendException with DJL's own words when libtorch or its JNI library does not load
     */
    static Engine load() {
        System.setProperty("ai.djl.offline", "true"); // also set on every cell JVM; here for in-process callers
        try {
            return Engine.getEngine(ENGINE);
        } catch (RuntimeException | LinkageError e) {
            throw new BackendException("DJL's PyTorch engine did not load: " + causes(e), e);
        }
    }

    /** Whether the settings' device can run here, in DJL's words when not. */
    static Availability availability(DjlSettings s) {
        Engine engine;
        try {
            engine = load();
        } catch (BackendException e) {
            return Availability.no(e.getMessage());
        }
        if (!s.onGpu()) {
            return Availability.yes();
        }
        if (!engine.hasCapability(StandardCapabilities.CUDA)) {
            // DJL's CUDA capability is torch::cuda::is_available(): a CPU build, or a CUDA build without a usable device
            return Availability.no(String.format(Locale.ROOT, "PyTorch %s as DJL loaded it from %s reports no CUDA"
                    + " (a CPU build of libtorch, or no usable CUDA device or driver); device=gpu needs a CUDA"
                    + " libtorch %s and a GPU: set djl-pytorch.libtorch_path to its folder (and flavor, e.g. cu128)",
                    engine.getVersion(), libtorchPath(), engine.getVersion()));
        }
        // PyTorch itself says whether the device exists: DJL's device count loads libcudart.so through JNA and
        // reads 0 where only libtorch's own, renamed copy of it is there (a pip or DJL-downloaded CUDA libtorch)
        String refused = placementError(engine, device(s));
        if (refused != null) {
            return Availability.no(String.format(Locale.ROOT, "PyTorch %s could not place a tensor on cuda:%d (%s);"
                    + " device_id %d needs at least %d visible CUDA device(s)", engine.getVersion(), s.deviceId(),
                    refused, s.deviceId(), s.deviceId() + 1));
        }
        return Availability.yes();
    }

    /**
     * Null where PyTorch puts a one-element tensor on {@code device}, else the first line of its words for why not
     * (PyTorch's errors go on with its dispatcher's table or CUDA's advice), at most {@value #REASON_CHARS} chars.
     */
    static String placementError(Engine engine, Device device) {
        try (NDManager manager = engine.newBaseManager(device)) {
            manager.ones(new Shape(1)).toFloatArray(); // made on the device, read back: the device runs
            return null;
        } catch (RuntimeException | LinkageError e) {
            String first = causes(e).lines().findFirst().orElse("").strip();
            return first.length() <= REASON_CHARS ? first : first.substring(0, REASON_CHARS) + "…";
        }
    }

    static Device device(DjlSettings s) {
        return s.onGpu() ? Device.gpu(s.deviceId()) : Device.cpu();
    }

    /** Where libtorch was loaded from, as DJL reports it. */
    static String libtorchPath() {
        try {
            return ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        } catch (RuntimeException | LinkageError e) {
            return "(unknown: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** The exception's message and its causes' messages, joined: DJL wraps the loader's reason. */
    static String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (b.length() > 0) {
                b.append(": ");
            }
            b.append(c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName());
        }
        return b.toString();
    }
}
