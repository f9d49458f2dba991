package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.GraphSession;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.backend.TelemetryTarget;
import dev.portbench.backend.UnsupportedModelException;
import dev.portbench.backend.UnsupportedPrecisionException;
import dev.portbench.scenarios.Dtype;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.onnxruntime.OrtSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_NOT_IMPLEMENTED;

/**
 * ONNX Runtime with the CANN execution provider appended to every session. What it reports comes from the runtime it
 * loaded; {@link #runtimeVersion()} and {@link #device()} use what the probe read in its JVM when this process has
 * not loaded the preset yet (see {@link CannProbe} for why), so describing the backend loads nothing.
 */
final class CannBackend implements Backend {
    private final CannSettings settings;
    private final CannProbe.Result probed;
    private final ExecutionProviderStep provider;
    private final List<String> libraryPath;

    /**
     * @param probed   the last probe's reading in this process, or null
     * @param provider the execution provider step: {@link CannExecutionProvider} for every row; tests of the binding
     *                 alone pass {@link ExecutionProviderStep#NONE}
     */
    CannBackend(CannSettings settings, CannProbe.Result probed, ExecutionProviderStep provider) {
        this(settings, probed, provider, List.of());
    }

    /** @param libraryPath the {@code library_path} option's folders, as given (empty: none given) */
    CannBackend(CannSettings settings, CannProbe.Result probed, ExecutionProviderStep provider,
                List<String> libraryPath) {
        this.settings = settings;
        this.probed = probed;
        this.provider = provider;
        this.libraryPath = List.copyOf(libraryPath);
    }

    @Override
    public String runtimeVersion() {
        String version = probed != null && !CannProbe.loadedHere() ? probed.version() : CannRuntime.get().version;
        return "onnxruntime " + version + " (JavaCPP " + javacppVersion() + ")";
    }

    private static String javacppVersion() {
        try {
            return Loader.getVersion();
        } catch (java.io.IOException e) {
            return "version unreadable: " + e.getMessage();
        }
    }

    /** The NPU the options name, and whether the Ascend driver shows it (/dev/davinciN) on this host. */
    @Override
    public String device() {
        return device(settings.deviceId(), System.getenv("ASCEND_RT_VISIBLE_DEVICES"), Path.of("/dev"));
    }

    /**
     * {@code device_id} counts the devices ASCEND_RT_VISIBLE_DEVICES shows; the driver's node is numbered by the
     * physical device, so device 0 of visible devices "4,5" is /dev/davinci4.
     */
    static String device(int deviceId, String visible, Path dev) {
        String head = "Ascend NPU device " + deviceId + " (CANN execution provider; ";
        int physical;
        try {
            physical = TelemetryTarget.physicalIndex(deviceId, visible);
        } catch (IllegalArgumentException e) {
            return head + "ASCEND_RT_VISIBLE_DEVICES=" + visible + " shows no device " + deviceId + ")";
        }
        if (physical == TelemetryTarget.UNKNOWN_INDEX) {
            return head + "ASCEND_RT_VISIBLE_DEVICES=" + visible + " names no device number)";
        }
        Path node = dev.resolve("davinci" + physical);
        return head + (physical == deviceId ? "" : "physical device " + physical + ", ") + "/dev/" + node.getFileName()
                + (Files.exists(node) ? " present" : " absent") + ")";
    }

    /** ORT's own threads on the host (intra_op_threads, set on every session); the NPU runs the graph. */
    @Override
    public int threads() {
        return settings.intraOpThreads();
    }

    @Override
    public boolean runsOnnxExport() {
        return true;
    }

    @Override
    public Map<String, String> appliedOptions() {
        Map<String, String> applied = new java.util.LinkedHashMap<>(settings.applied());
        applied.putAll(CannEnvironment.applied());
        if (!libraryPath.isEmpty()) { // as given: the JVM's whole java.library.path changes with every host's setup
            applied.put(CannEnvironment.LIBRARY_PATH, String.join(":", libraryPath));
        } else if (Boolean.getBoolean("org.bytedeco.javacpp.pathsFirst")) {
            // set by hand (PORTBENCH_JAVA_OPTS with -Djava.library.path=DIR): that path is what the user gave
            applied.put(CannEnvironment.LIBRARY_PATH, System.getProperty("java.library.path", ""));
        }
        return applied;
    }

    @Override
    public Session open(ModelArtifact model) {
        return open(model, null);
    }

    /** Profiled from its creation, so that {@link Session#placement} says which nodes CANN ran and which fell back. */
    @Override
    public Session openAudited(ModelArtifact model, java.nio.file.Path auditDir) {
        return open(model, auditDir);
    }

    private Session open(ModelArtifact model, java.nio.file.Path auditDir) {
        if (model.onnxFile() == null) {
            throw new BackendException(CannSettings.ID + " needs the model's ONNX file; the artifact for "
                    + model.scenario().name() + " has none");
        }
        CannRuntime rt = CannRuntime.get();
        try {
            OrtSession session = new CannSessionFactory(rt, settings.sessionConfig(), settings.intraOpThreads(),
                    provider).create(model.onnxFile(), auditDir == null ? null : profilePrefix(auditDir));
            long weightBytes = model.dtype().weightBytes(model.weights().layout());
            return new CannSession(rt, session, model.scenario().model(), weightBytes, auditDir != null);
        } catch (CannStatusException e) {
            if (e.code() == ORT_NOT_IMPLEMENTED && model.dtype() != Dtype.FP32) {
                throw new UnsupportedPrecisionException(CannSettings.ID + " cannot run " + model.dtype().id() + ": "
                        + e.getMessage(), e);
            }
            throw new BackendException("ONNX Runtime (" + rt.library + ") could not load " + model.onnxFile()
                    + " with " + settings.applied() + ": " + e.getMessage(), e);
        }
    }

    /** A bring-your-own model, or the device peak's graph, on the NPU; with the same options as {@link #open}. */
    @Override
    public GraphSession openGraph(Path onnx) {
        return openGraph(onnx, null);
    }

    @Override
    public GraphSession openGraphAudited(Path onnx, Path auditDir) {
        return openGraph(onnx, auditDir);
    }

    private GraphSession openGraph(Path onnx, Path auditDir) {
        CannRuntime rt = CannRuntime.get();
        try {
            OrtSession session = new CannSessionFactory(rt, settings.sessionConfig(), settings.intraOpThreads(),
                    provider).create(onnx, auditDir == null ? null : profilePrefix(auditDir));
            return new CannGraphSession(rt, session, onnx, auditDir != null);
        } catch (CannStatusException e) {
            if (e.code() == ORT_NOT_IMPLEMENTED) { // an operator or type with no kernel here: a skip, not a failure
                throw new UnsupportedModelException(CannSettings.ID + " cannot run " + onnx + ": " + e.getMessage());
            }
            throw new BackendException("ONNX Runtime (" + rt.library + ") could not load " + onnx + " with "
                    + settings.applied() + ": " + e.getMessage(), e);
        }
    }

    /** ORT's trace goes under the audit folder: the prefix, ORT adds a date and {@code .json}. */
    private static String profilePrefix(java.nio.file.Path auditDir) {
        try {
            java.nio.file.Files.createDirectories(auditDir);
        } catch (java.io.IOException e) {
            throw new BackendException("cannot create the profile directory " + auditDir + ": " + e.getMessage(), e);
        }
        return auditDir.resolve("ort-profile").toString();
    }

    @Override
    public void close() {
        // the environment is process-wide and shared; sessions close themselves
    }
}
