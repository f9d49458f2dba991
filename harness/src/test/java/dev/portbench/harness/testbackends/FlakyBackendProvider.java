package dev.portbench.harness.testbackends;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code test-flaky}: fails while the file named by its option {@code ok_file} is missing, and once it exists is
 * {@code reference-fp32} under another name; so a test can make a cell FAILED, then let a retry of it succeed.
 */
public final class FlakyBackendProvider extends AlwaysAvailableProvider {
    static final String DELEGATE = "reference-fp32";

    @Override
    public String id() {
        return "test-flaky";
    }

    @Override
    public String description() {
        return "test backend: fails until its ok_file exists, then is " + DELEGATE;
    }

    @Override
    public Map<String, String> supportedOptions() {
        return Map.of("ok_file", "the file whose existence makes this backend work");
    }

    @Override
    public Backend create(BackendOptions options) {
        String okFile = options.text("ok_file", "");
        if (okFile.isEmpty() || !Files.exists(Path.of(okFile))) {
            throw new IllegalStateException("test-flaky: failing on purpose while " + okFile + " is missing");
        }
        BackendProvider delegate = Backends.find(DELEGATE).orElseThrow();
        return delegate.create(BackendOptions.none(DELEGATE));
    }
}
