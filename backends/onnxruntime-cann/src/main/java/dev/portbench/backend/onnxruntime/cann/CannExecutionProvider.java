package dev.portbench.backend.onnxruntime.cann;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.onnxruntime.OrtAllocator;
import org.bytedeco.onnxruntime.OrtCANNProviderOptions;
import org.bytedeco.onnxruntime.OrtSessionOptions;

import java.util.Map;

/**
 * Appends ONNX Runtime's CANN execution provider: CreateCANNProviderOptions, UpdateCANNProviderOptions with every
 * option, SessionOptionsAppendExecutionProvider_CANN, ReleaseCANNProviderOptions. A build without CANN fails the first
 * call with its own message ("CANN execution provider is not enabled in this build."), which is passed on unchanged.
 */
final class CannExecutionProvider implements ExecutionProviderStep {
    /** ONNX Runtime's name of the provider, as its profile records where a node ran. */
    static final String PROVIDER = "CANNExecutionProvider";

    private final Map<String, String> options;
    private String effective = "";

    CannExecutionProvider(CannSettings settings) {
        this.options = settings.providerOptions();
    }

    @Override
    public void appendTo(CannRuntime rt, OrtSessionOptions sessionOptions) {
        PointerPointer<OrtCANNProviderOptions> out = new PointerPointer<>(1);
        rt.check(rt.api.CreateCANNProviderOptions(out), "CreateCANNProviderOptions");
        OrtCANNProviderOptions cann = out.get(OrtCANNProviderOptions.class);
        try {
            String[] keys = options.keySet().toArray(String[]::new);
            String[] values = options.values().toArray(String[]::new);
            rt.check(rt.api.UpdateCANNProviderOptions(cann, new PointerPointer<>(keys), new PointerPointer<>(values),
                    keys.length), "UpdateCANNProviderOptions " + options);
            effective = asString(rt, cann);
            rt.check(rt.api.SessionOptionsAppendExecutionProvider_CANN(sessionOptions, cann),
                    "SessionOptionsAppendExecutionProvider_CANN");
        } finally {
            rt.api.ReleaseCANNProviderOptions().call(cann);
        }
    }

    /** The options as the CANN provider holds them after the update (GetCANNProviderOptionsAsString). */
    String effectiveOptions() {
        return effective;
    }

    private static String asString(CannRuntime rt, OrtCANNProviderOptions cann) {
        OrtAllocator allocator = rt.defaultAllocator();
        PointerPointer<BytePointer> text = new PointerPointer<>(1);
        rt.check(rt.api.GetCANNProviderOptionsAsString(cann, allocator, text), "GetCANNProviderOptionsAsString");
        return rt.take(allocator, text);
    }
}
