package dev.portbench.backend;

import java.util.Map;

/** A configured backend, ready to open models. Everything it reports is read at run time, never a literal. */
public interface Backend extends AutoCloseable {

    /** Version of the runtime actually loaded, e.g. what ONNX Runtime's native library reports. */
    String runtimeVersion();

    /** The device the work runs on, e.g. the CPU model name. */
    String device();

    /** Intra-op threads the backend uses. */
    int threads();

    /** Every option applied, defaults included, so a result row can say exactly how it was run. */
    Map<String, String> appliedOptions();

    Session open(ModelArtifact model);

    @Override
    void close();
}
