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
 * {@code reference-fp32} under another name; so a test can make a cell FAILED, then let a retry of it succeed. With
 * {@code ok_creations=N} and {@code count_file} it also fails from its N+1st creation on (counted in that file, across
 * JVMs), so a test can make a cell fail in a later round.
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
        return Map.of("ok_file", "the file whose existence makes this backend work",
                "ok_creations", "how many creations work (default: all)",
                "count_file", "where creations are counted, with ok_creations");
    }

    @Override
    public Backend create(BackendOptions options) {
        String okFile = options.text("ok_file", "");
        if (okFile.isEmpty() || !Files.exists(Path.of(okFile))) {
            throw new IllegalStateException("test-flaky: failing on purpose while " + okFile + " is missing");
        }
        String okCreations = options.text("ok_creations", "");
        if (!okCreations.isEmpty()) {
            int creation = countCreation(Path.of(options.text("count_file", "")));
            if (creation > Integer.parseInt(okCreations)) {
                throw new IllegalStateException("test-flaky: failing on purpose at creation " + creation + ", after "
                        + okCreations + " that worked");
            }
        }
        BackendProvider delegate = Backends.find(DELEGATE).orElseThrow();
        return delegate.create(BackendOptions.none(DELEGATE));
    }

    /** This creation's number, 1 for the first, counted in {@code file}. */
    private static int countCreation(Path file) {
        try {
            int n = Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) + 1 : 1;
            Files.writeString(file, Integer.toString(n));
            return n;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
