package dev.portbench.backend.onnxruntime.cann;

import org.bytedeco.onnxruntime.OrtSessionOptions;

/**
 * The one step that puts an execution provider on session options, kept apart from building the session and running
 * it, so that the same session code runs with ORT's default CPU provider ({@link #NONE}) in the binding's tests.
 */
@FunctionalInterface
interface ExecutionProviderStep {

    /** Nothing appended: ORT's default CPU execution provider. For tests of the binding only; never for rows. */
    ExecutionProviderStep NONE = (runtime, options) -> {
    };

    /** @throws CannStatusException with ORT's own message when the provider cannot be appended */
    void appendTo(CannRuntime runtime, OrtSessionOptions options);
}
