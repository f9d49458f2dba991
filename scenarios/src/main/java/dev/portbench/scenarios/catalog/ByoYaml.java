package dev.portbench.scenarios.catalog;

import dev.portbench.results.Npy;
import dev.portbench.results.NpyArray;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.SpecException;
import dev.portbench.scenarios.byo.ByoModel;
import dev.portbench.scenarios.byo.ElementType;
import dev.portbench.scenarios.byo.InputSpec;
import dev.portbench.scenarios.byo.InputTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a bring-your-own ONNX model file: the model's path and its inputs. Paths are relative to the YAML file's
 * folder; the files must exist now, so a typo is an error at its line rather than a failed run later.
 */
final class ByoYaml {
    static final List<String> TOP_LEVEL_KEYS =
            List.of("name", "description", "onnx", "seed", "reference_backend", "inputs");
    static final List<String> INPUT_KEYS = List.of("name", "dtype", "shape", "range", "npy");

    private ByoYaml() {
    }

    static ByoFile fromMap(YamlMap root, Path dir) {
        root.rejectUnknownKeys(TOP_LEVEL_KEYS);
        String name = root.requiredString("name");
        String description = root.optionalString("description").orElse("");
        Path onnx = existingFile(root, "onnx", dir);
        long seed = root.optionalLong("seed", ScenarioCatalog.DEFAULT_SEED);
        String reference = root.optionalString("reference_backend").orElse(ByoModel.DEFAULT_REFERENCE_BACKEND);
        List<YamlMap> inputMaps = root.requiredListOfMaps("inputs");
        List<InputSpec> inputs = new ArrayList<>();
        for (YamlMap m : inputMaps) {
            inputs.add(input(m, dir));
        }
        try {
            return new ByoFile(new ByoModel(name, description, onnx, inputs, reference, seed, root.source()),
                    root.lineOf("name"));
        } catch (SpecException e) {
            String field = e.field().orElse("");
            if (field.equals("inputs")) {
                // the only list-level problem is a repeated name: blame the second one
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < inputs.size(); i++) {
                    if (!seen.add(inputs.get(i).name())) {
                        throw located(inputMaps.get(i), "name", e);
                    }
                }
            }
            throw located(root, field, e);
        }
    }

    private static InputSpec input(YamlMap m, Path dir) {
        m.rejectUnknownKeys(INPUT_KEYS);
        String name = m.requiredString("name");
        String dtypeId = m.required("dtype", "one of " + ElementType.ids()).asString();
        ElementType dtype = ElementType.fromId(dtypeId).orElseThrow(() -> m.error("dtype", "unknown dtype '"
                + dtypeId + "'; expected one of " + ElementType.ids()));
        long[] shape = m.required("shape", "a list of positive integers, e.g. [1, 16]").asList().stream()
                .mapToLong(YamlValue::asLong).toArray();
        if (m.has("range") == m.has("npy")) {
            // with both, blame the one written second
            String blame = m.has("range") && m.lineOf("range") < m.lineOf("npy") ? "npy" : "range";
            throw m.error(blame, "input '" + name + "' has "
                    + (m.has("range") ? "both range and npy" : "neither range nor npy")
                    + "; expected exactly one: range: [lo, hi] for seeded values, or npy: FILE.npy");
        }
        try {
            InputSpec.Values values = m.has("range") ? range(m, dtype) : npy(m, dir, name);
            return new InputSpec(name, dtype, shape, values);
        } catch (SpecException e) {
            throw located(m, e.field().orElse(""), e);
        }
    }

    private static InputSpec.Values range(YamlMap m, ElementType dtype) {
        List<YamlValue> bounds = m.required("range", "[lo, hi]").asList();
        if (bounds.size() != 2) {
            throw m.error("range", "range has " + bounds.size() + " values; expected two, [lo, hi]");
        }
        if (dtype.isFloatingPoint()) {
            return new InputSpec.FloatRange(bounds.get(0).asDouble(), bounds.get(1).asDouble());
        }
        return new InputSpec.IntRange(bounds.get(0).asLong(), bounds.get(1).asLong());
    }

    /** Reads the values now: the file's type and shape are checked against the spec by {@link InputSpec}. */
    private static InputSpec.NpyValues npy(YamlMap m, Path dir, String name) {
        Path file = existingFile(m, "npy", dir);
        NpyArray array;
        try {
            array = Npy.read(file);
        } catch (IOException | RuntimeException e) {
            throw new CatalogException(m.source(), m.lineOf("npy"), m.fieldOf("npy"), "cannot read " + file + ": "
                    + e.getMessage(), e);
        }
        ElementType type = ElementType.fromNpyDescr(array.descr()).orElseThrow(() -> m.error("npy", file
                + " holds descr '" + array.descr() + "'; expected one of <f4, <f8, <i8, <i4"));
        long[] shape = array.shape();
        InputTensor tensor = switch (type) {
            case FLOAT32 -> {
                float[] v = new float[array.floats().length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) array.floats()[i]; // Npy widened these from fp32, so this is exact
                }
                yield InputTensor.ofFloats(name, shape, v);
            }
            case FLOAT64 -> InputTensor.ofDoubles(name, shape, array.floats());
            case INT64 -> InputTensor.ofLongs(name, shape, array.ints());
            case INT32 -> {
                int[] v = new int[array.ints().length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (int) array.ints()[i];
                }
                yield InputTensor.ofInts(name, shape, v);
            }
        };
        return new InputSpec.NpyValues(file, tensor);
    }

    /** The absolute path of the file a key names, which must exist. */
    private static Path existingFile(YamlMap m, String key, Path dir) {
        Path file = dir.resolve(m.requiredString(key)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw m.error(key, "file not found: " + file);
        }
        return file;
    }

    private static CatalogException located(YamlMap map, String key, SpecException e) {
        String field = key.isEmpty() ? map.path() : map.fieldOf(key);
        int line = key.isEmpty() ? map.line() : map.lineOf(key);
        return new CatalogException(map.source(), line, field, e.getMessage(), e);
    }
}
