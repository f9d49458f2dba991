package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;

import java.util.Map;
import java.util.Set;

/**
 * The execution provider an ONNX Runtime backend asks for, with its options parsed and validated before any native
 * code runs. {@link #applied()} lists every option, defaults included, for the row's {@code backend_options}.
 */
interface OrtExecutionProvider {

    /** ORT's own names of the providers that count as the accelerator in the placement audit; empty on the CPU. */
    Set<String> accelerators();

    /** Registers the provider with the session options; ORT puts its CPU provider after it for what is left. */
    void appendTo(SessionOptions options) throws OrtException;

    /** Every option of the provider, defaults included, {@code provider} first. */
    Map<String, String> applied();

    /** Where the work runs, e.g. the CPU model or {@code CUDA device 0}. */
    String device();
}
