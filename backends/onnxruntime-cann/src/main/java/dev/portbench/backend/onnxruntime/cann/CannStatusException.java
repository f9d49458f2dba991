package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.BackendException;

/** A call into ONNX Runtime's C API returned an error status; the message is ORT's own, after the call's name. */
final class CannStatusException extends BackendException {
    private final int code;

    CannStatusException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** ORT's {@code OrtErrorCode}, e.g. 1 ORT_FAIL, 9 ORT_NOT_IMPLEMENTED; -1 when no status gave one. */
    int code() {
        return code;
    }
}
