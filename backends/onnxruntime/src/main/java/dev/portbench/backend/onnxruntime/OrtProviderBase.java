package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the ONNX Runtime backends share: the session options every one accepts, the execution provider's own, parsed
 * and checked without native code, and a backend made of both. This class touches no ORT class, so constructing a
 * provider loads nothing native; {@link #probe()} is the first point that does.
 */
abstract class OrtProviderBase implements BackendProvider {

    /** The execution provider the options ask for, validated; loads nothing native. */
    abstract OrtExecutionProvider executionProvider(BackendOptions options);

    /** Options of the execution provider only, documented. */
    abstract Map<String, String> providerOptions();

    @Override
    public Map<String, String> supportedOptions() {
        Map<String, String> all = new LinkedHashMap<>(OrtSessionSettings.DOCUMENTATION);
        all.putAll(providerOptions());
        return all;
    }

    @Override
    public void checkOptions(BackendOptions options) {
        OrtSessionSettings.from(options);
        executionProvider(options);
    }

    @Override
    public Backend create(BackendOptions options) {
        return new OrtBackend(id(), OrtSessionSettings.from(options), executionProvider(options));
    }
}
