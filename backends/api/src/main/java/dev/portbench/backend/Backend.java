package dev.portbench.backend;

import java.nio.file.Path;
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

    /**
     * Whether {@link #open} runs the artifact's exported ONNX graph, so the scenario's export choices (such as
     * {@code moe_op}) are what it times; the harness then records them in the row's backend_options.
     */
    default boolean runsOnnxExport() {
        return false;
    }

    /**
     * The arithmetic this backend runs a model of {@code dtype} in, for the roofline's peak: the dtype's own by default
     * ({@code int8-wo} computes in fp32 after dequantising), {@code fp64} for the oracle.
     */
    default String arithmetic(dev.portbench.scenarios.Dtype dtype) {
        return dtype == dev.portbench.scenarios.Dtype.INT8_WO ? "fp32" : dtype.id();
    }

    /**
     * The form of multi-head latent attention this backend computes for a model whose {@code mla.form} names one: that
     * form by default (the ONNX export, djl-pytorch); the reference backends always compute the naive form, the
     * definition. Recorded in the row's backend_options, and what its roofline counts.
     */
    default dev.portbench.scenarios.MlaSpec.Form mlaForm(dev.portbench.scenarios.MlaSpec mla) {
        return mla.form();
    }

    /**
     * Loads a bring-your-own ONNX model, with the same options as {@link #open}. External-data files are resolved
     * relative to the model's folder. Backends that only build portbench's own decoder keep this default.
     *
     * @throws UnsupportedModelException from backends that cannot load ONNX graphs, for the harness to report SKIPPED
     */
    default GraphSession openGraph(Path onnx) {
        throw new UnsupportedModelException("this backend runs portbench's own decoder only; the bring-your-own"
                + " ONNX model " + onnx.getFileName() + " needs a backend that loads ONNX, such as onnxruntime-cpu");
    }

    /**
     * Opens {@code model} like {@link #open}, recording where each node runs (the accuracy pass: never timed), for
     * {@link Session#placement}; the runtime's raw record may be written under {@code auditDir}. Backends that cannot
     * tell keep this default.
     */
    default Session openAudited(ModelArtifact model, Path auditDir) {
        return open(model);
    }

    /** A bring-your-own model opened like {@link #openGraph}, audited as {@link #openAudited}. */
    default GraphSession openGraphAudited(Path onnx, Path auditDir) {
        return openGraph(onnx);
    }

    @Override
    void close();
}
