package dev.portbench.scenarios;

import dev.portbench.scenarios.byo.ByoModel;
import dev.portbench.scenarios.catalog.ByoFile;
import dev.portbench.scenarios.catalog.CatalogException;
import dev.portbench.scenarios.catalog.CatalogFile;
import dev.portbench.scenarios.catalog.ScenarioFile;
import dev.portbench.scenarios.catalog.ScenarioYaml;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scenarios a run can choose from: the built-in YAML files listed in {@code catalog/index.txt} (in that order),
 * plus any user files, which may also be bring-your-own ONNX models (kept apart: they have no decoder to describe, see
 * {@link #byoModels()}); a name is unique across both kinds. Each dense/MoE pair has equal active FFN width (dense width = (top_k + shared) × expert width),
 * so their ratio isolates what MoE dispatch costs; the family shapes keep real widths with one layer.
 */
public final class ScenarioCatalog {
    public static final long DEFAULT_SEED = 20260101L;
    /** Classpath folder of the built-in scenario files and their index. */
    public static final String RESOURCE_DIR = "dev/portbench/scenarios/catalog/";
    public static final String INDEX = "index.txt";

    private static final ScenarioCatalog BUILT_IN = loadBuiltIns();

    private final Map<String, ScenarioFile> scenarios = new LinkedHashMap<>();
    private final Map<String, ByoFile> byoModels = new LinkedHashMap<>();

    private ScenarioCatalog() {
    }

    public static ScenarioCatalog builtIn() {
        return BUILT_IN;
    }

    /**
     * The built-ins followed by the scenarios and bring-your-own models in {@code userFiles}, in order.
     *
     * @throws CatalogException for a file that cannot be read or is invalid, or a name another scenario or model
     *                          already has
     */
    public static ScenarioCatalog withFiles(List<Path> userFiles) {
        ScenarioCatalog c = new ScenarioCatalog();
        BUILT_IN.scenarios.values().forEach(c::add);
        for (Path file : userFiles) {
            c.add(ScenarioYaml.readAny(file));
        }
        return c;
    }

    /**
     * This catalog with {@code scenario} added, e.g. the one {@code run --checkpoint DIR} makes; {@code source} names
     * where it came from in errors.
     *
     * @throws CatalogException for a name another scenario or model already has
     */
    public ScenarioCatalog with(Scenario scenario, String source) {
        ScenarioCatalog c = new ScenarioCatalog();
        scenarios.values().forEach(c::add);
        byoModels.values().forEach(c::add);
        c.add(new dev.portbench.scenarios.catalog.ScenarioFile(scenario, source, 0));
        return c;
    }

    private static ScenarioCatalog loadBuiltIns() {
        ScenarioCatalog c = new ScenarioCatalog();
        for (String file : builtInFiles()) {
            String resource = RESOURCE_DIR + file;
            try (InputStream in = resource(resource)) {
                c.add(ScenarioYaml.read("classpath:" + resource, new InputStreamReader(in, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in scenario " + resource, e);
            }
        }
        return c;
    }

    /** The file names in the index, skipping blank lines and # comments. */
    private static List<String> builtInFiles() {
        List<String> files = new ArrayList<>();
        try (Reader r = new InputStreamReader(resource(RESOURCE_DIR + INDEX), StandardCharsets.UTF_8);
             BufferedReader lines = new BufferedReader(r)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    files.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE_DIR + INDEX, e);
        }
        return files;
    }

    private static InputStream resource(String name) {
        InputStream in = ScenarioCatalog.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            // a packaging bug, not a user error
            throw new IllegalStateException("built-in resource " + name + " is missing from the classpath");
        }
        return in;
    }

    private void add(CatalogFile file) {
        String name = file.name();
        CatalogFile other = scenarios.containsKey(name) ? scenarios.get(name) : byoModels.get(name);
        if (other != null) {
            String as = kind(other).equals(kind(file)) ? "" : " as a " + kind(other);
            throw new CatalogException(file.source(), file.nameLine(), "name", kind(file) + " '" + name
                    + "' is already defined at " + other.location() + as
                    + "; expected a name no other scenario or model uses");
        }
        if (file instanceof ScenarioFile s) {
            scenarios.put(name, s);
        } else if (file instanceof ByoFile b) {
            byoModels.put(name, b);
        }
    }

    private static String kind(CatalogFile file) {
        return file instanceof ByoFile ? "bring-your-own model" : "scenario";
    }

    public List<String> names() {
        return List.copyOf(scenarios.keySet());
    }

    public List<Scenario> all() {
        return scenarios.values().stream().map(ScenarioFile::scenario).toList();
    }

    public Optional<Scenario> find(String name) {
        return Optional.ofNullable(scenarios.get(name)).map(ScenarioFile::scenario);
    }

    /** The file or resource a scenario or bring-your-own model was read from. */
    public Optional<String> sourceOf(String name) {
        CatalogFile file = scenarios.containsKey(name) ? scenarios.get(name) : byoModels.get(name);
        return Optional.ofNullable(file).map(CatalogFile::source);
    }

    /** The bring-your-own ONNX models from the user files, in file order. */
    public List<ByoModel> byoModels() {
        return byoModels.values().stream().map(ByoFile::model).toList();
    }

    public Optional<ByoModel> findByo(String name) {
        return Optional.ofNullable(byoModels.get(name)).map(ByoFile::model);
    }
}
