package dev.portbench.backend.onnxruntime.cann;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.onnxruntime.OrtSession;
import org.bytedeco.onnxruntime.OrtSessionOptions;

import java.nio.file.Path;
import java.util.Map;

/**
 * Builds an ORT session through the C API in three separate steps: session options with the session config entries
 * (strict mode's), then the execution provider step, then CreateSession on the model file (so ORT finds
 * external-data files next to it).
 */
final class CannSessionFactory {
    private final CannRuntime runtime;
    private final Map<String, String> sessionConfig;
    private final int intraOpThreads;
    private final ExecutionProviderStep provider;

    CannSessionFactory(CannRuntime runtime, Map<String, String> sessionConfig, int intraOpThreads,
                       ExecutionProviderStep provider) {
        this.intraOpThreads = intraOpThreads;
        this.runtime = runtime;
        this.sessionConfig = Map.copyOf(sessionConfig);
        this.provider = provider;
    }

    /** @throws CannStatusException with ORT's message, naming the call that failed */
    OrtSession create(Path onnx) {
        return create(onnx, null);
    }

    /**
     * A session profiled from its creation when {@code profilePrefix} is given (the accuracy pass's placement audit:
     * ORT writes its trace to the prefix plus a date and {@code .json}).
     */
    OrtSession create(Path onnx, String profilePrefix) {
        OrtSessionOptions options = sessionOptions();
        try {
            provider.appendTo(runtime, options);
            if (profilePrefix != null) {
                runtime.check(runtime.api.EnableProfiling(options, new BytePointer(profilePrefix)),
                        "EnableProfiling " + profilePrefix);
            }
            PointerPointer<OrtSession> out = new PointerPointer<>(1);
            runtime.check(runtime.api.CreateSession(runtime.env, new BytePointer(onnx.toString()), options, out),
                    "CreateSession " + onnx);
            return out.get(OrtSession.class);
        } finally {
            runtime.api.ReleaseSessionOptions(options);
        }
    }

    /** Session options with every config entry set; the caller releases them. */
    OrtSessionOptions sessionOptions() {
        PointerPointer<OrtSessionOptions> out = new PointerPointer<>(1);
        runtime.check(runtime.api.CreateSessionOptions(out), "CreateSessionOptions");
        OrtSessionOptions options = out.get(OrtSessionOptions.class);
        try {
            runtime.check(runtime.api.SetIntraOpNumThreads(options, intraOpThreads),
                    "SetIntraOpNumThreads " + intraOpThreads);
            for (Map.Entry<String, String> e : sessionConfig.entrySet()) {
                runtime.check(runtime.api.AddSessionConfigEntry(options, e.getKey(), e.getValue()),
                        "AddSessionConfigEntry " + e.getKey() + "=" + e.getValue());
            }
            return options;
        } catch (RuntimeException e) {
            runtime.api.ReleaseSessionOptions(options);
            throw e;
        }
    }
}
