package dev.portbench.harness.plan;

import dev.portbench.scenarios.ScenarioCatalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The built-in suites, shipped as YAML beside this class: {@code smoke} answers "does everything run, and roughly how
 * fast" in a few minutes on a 2-core machine; {@code nightly} spends longer per cell on every precision for numbers
 * worth comparing.
 */
public final class Suites {
    public static final List<String> BUILT_IN = List.of("smoke", "nightly");
    private static final String RESOURCE_DIR = "/dev/portbench/harness/suites/";

    private Suites() {
    }

    /** The built-in suite of that name, checked against the catalog and the backends found. */
    public static Optional<Suite> find(String name, ScenarioCatalog catalog, KnownBackends backends) {
        if (!BUILT_IN.contains(name)) {
            return Optional.empty();
        }
        String resource = RESOURCE_DIR + name + ".yaml";
        try (InputStream in = Suites.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in suite " + resource + " is missing from the jar");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Optional.of(SuiteYaml.read("classpath:" + resource.substring(1), reader, catalog, backends));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in suite " + resource, e);
        }
    }

    public static List<Suite> all(ScenarioCatalog catalog, KnownBackends backends) {
        List<Suite> out = new ArrayList<>();
        for (String n : BUILT_IN) {
            out.add(find(n, catalog, backends).orElseThrow());
        }
        return out;
    }

    public static List<String> names() {
        return BUILT_IN;
    }
}
