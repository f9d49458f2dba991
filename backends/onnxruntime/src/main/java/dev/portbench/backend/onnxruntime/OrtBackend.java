package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.GraphSession;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.backend.UnsupportedModelException;
import dev.portbench.backend.UnsupportedPrecisionException;
import dev.portbench.scenarios.Dtype;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ONNX Runtime backend: one execution provider (CPU, CUDA, TensorRT) and the session options, through the official
 * Java API. Sessions of the accuracy pass can be profiled for the placement audit.
 */
final class OrtBackend implements Backend {
    private final String id;
    private final OrtSessionSettings settings;
    private final OrtExecutionProvider provider;

    OrtBackend(String id, OrtSessionSettings settings, OrtExecutionProvider provider) {
        this.id = id;
        this.settings = settings;
        this.provider = provider;
    }

    @Override
    public String runtimeVersion() {
        return "onnxruntime " + OrtRuntime.environment().getVersion();
    }

    @Override
    public String device() {
        return provider.device();
    }

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
        Map<String, String> applied = new LinkedHashMap<>(provider.applied());
        applied.putAll(settings.applied());
        return applied;
    }

    @Override
    public Session open(ModelArtifact model) {
        return open(model, null);
    }

    /** Profiled from its creation, so that {@link Session#placement} can say where every node ran. */
    @Override
    public Session openAudited(ModelArtifact model, Path auditDir) {
        return open(model, auditDir);
    }

    private Session open(ModelArtifact model, Path auditDir) {
        if (model.onnxFile() == null) {
            throw new BackendException(id + " needs the model's ONNX file; the artifact for "
                    + model.scenario().name() + " has none");
        }
        try (SessionOptions options = sessionOptions(auditDir)) {
            OrtSession session = OrtRuntime.environment().createSession(model.onnxFile().toString(), options);
            long weightBytes = model.dtype().weightBytes(model.weights().layout());
            return new OrtCpuSession(OrtRuntime.environment(), session, model.scenario().model(), weightBytes,
                    audit(auditDir), model.logits());
        } catch (OrtException e) {
            if (e.getCode() == OrtException.OrtErrorCode.ORT_NOT_IMPLEMENTED && model.dtype() != Dtype.FP32) {
                // the runtime's own words, e.g. "Could not find an implementation for MatMul(13) node ..."
                throw new UnsupportedPrecisionException(id + " cannot run " + model.dtype().id()
                        + ": " + e.getMessage(), e);
            }
            throw new BackendException("ONNX Runtime could not load " + model.onnxFile() + ": " + e.getMessage(), e);
        }
    }

    /** The session options with the execution provider registered, profiled when {@code auditDir} is given. */
    private SessionOptions sessionOptions(Path auditDir) throws OrtException {
        SessionOptions options = settings.toSessionOptions();
        try {
            provider.appendTo(options);
            if (auditDir != null) {
                options.enableProfiling(OrtAudit.profilePrefix(auditDir));
            }
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
        return options;
    }

    /** Where nodes ran, against the provider's accelerators (none on the CPU: the audit still lists what ORT inserted). */
    private OrtAudit audit(Path auditDir) {
        return auditDir == null ? OrtAudit.NONE : OrtAudit.profiled(provider.accelerators());
    }

    /** Loaded from its path, so ORT finds external-data files relative to the model's folder. */
    @Override
    public GraphSession openGraph(Path onnx) {
        return openGraph(onnx, null);
    }

    @Override
    public GraphSession openGraphAudited(Path onnx, Path auditDir) {
        return openGraph(onnx, auditDir);
    }

    private GraphSession openGraph(Path onnx, Path auditDir) {
        try (SessionOptions options = sessionOptions(auditDir)) {
            OrtSession session = OrtRuntime.environment().createSession(onnx.toString(), options);
            return new OrtGraphSession(OrtRuntime.environment(), session, onnx, audit(auditDir));
        } catch (OrtException e) {
            if (e.getCode() == OrtException.OrtErrorCode.ORT_NOT_IMPLEMENTED) {
                // e.g. an operator or type this build has no CPU kernel for: a skip, not a failure
                throw new UnsupportedModelException(id + " cannot run " + onnx + ": " + e.getMessage());
            }
            throw new BackendException("ONNX Runtime could not load " + onnx + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // the environment is process-wide and shared; sessions close themselves
    }
}
