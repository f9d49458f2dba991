package dev.portbench.scenarios.catalog;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A YAML mapping with string keys, read field by field; every error names the file, the line and the dotted field.
 * Knows nothing of scenarios, so suite files and other configs can use it with their own key sets.
 *
 * <p>Duplicate keys are rejected here, and {@link YamlLoader} builds every mapping of a document up front so none
 * escapes: SnakeYAML's {@code LoaderOptions.setAllowDuplicateKeys(false)} is applied by its constructor, which the
 * compose API (kept for line numbers) never runs.
 */
public final class YamlMap {
    private final String source;
    private final String path;
    private final int line;
    private final Map<String, YamlValue> values = new LinkedHashMap<>();
    private final Map<String, Integer> keyLines = new LinkedHashMap<>();

    YamlMap(String source, String path, int line, MappingNode node) {
        this.source = source;
        this.path = path;
        this.line = line;
        for (NodeTuple t : node.getValue()) {
            int keyLine = t.getKeyNode().getStartMark().getLine() + 1;
            if (!(t.getKeyNode() instanceof ScalarNode k) || k.getValue().isEmpty()) {
                throw new CatalogException(source, keyLine, path, "expected a plain text key, got "
                        + new YamlValue(source, path, t.getKeyNode()).describe());
            }
            String key = k.getValue();
            Integer first = keyLines.putIfAbsent(key, keyLine);
            if (first != null) {
                throw new CatalogException(source, keyLine, fieldOf(key), "duplicate key '" + key
                        + "' (first at line " + first + "); expected each key once");
            }
            values.put(key, new YamlValue(source, fieldOf(key), t.getValueNode()));
        }
    }

    public String source() {
        return source;
    }

    /** Dotted path of this mapping; empty for a document's top level. */
    public String path() {
        return path;
    }

    /** Line that errors about the mapping as a whole point at: its key's line, or its first line at top level. */
    public int line() {
        return line;
    }

    /** The keys in file order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String fieldOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The line of the key, or of the mapping when the key is absent. */
    public int lineOf(String key) {
        return keyLines.getOrDefault(key, line);
    }

    /** An error about one key, pointing at its line (the mapping's line if the key is absent). */
    public CatalogException error(String key, String problem) {
        return new CatalogException(source, lineOf(key), fieldOf(key), problem);
    }

    /** An error about the mapping as a whole. */
    public CatalogException error(String problem) {
        return new CatalogException(source, line, path, problem);
    }

    /** Rejects the first key not in {@code allowed}, naming it, its line and the allowed keys. */
    public YamlMap rejectUnknownKeys(Collection<String> allowed) {
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw error(key, "unknown key '" + key + "'; expected one of: " + String.join(", ", allowed));
            }
        }
        return this;
    }

    public Optional<YamlValue> optional(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of a key that must be present; {@code expected} says what it should be, for the message. */
    public YamlValue required(String key, String expected) {
        YamlValue v = values.get(key);
        if (v == null) {
            throw error(key, "missing; expected " + expected);
        }
        return v;
    }

    public String requiredString(String key) {
        return required(key, "a string").asString();
    }

    public Optional<String> optionalString(String key) {
        return optional(key).map(YamlValue::asString);
    }

    public int requiredInt(String key) {
        return required(key, "an integer").asInt();
    }

    public int optionalInt(String key, int fallback) {
        return optional(key).map(YamlValue::asInt).orElse(fallback);
    }

    public long requiredLong(String key) {
        return required(key, "an integer").asLong();
    }

    public long optionalLong(String key, long fallback) {
        return optional(key).map(YamlValue::asLong).orElse(fallback);
    }

    public double requiredDouble(String key) {
        return required(key, "a number").asDouble();
    }

    public double optionalDouble(String key, double fallback) {
        return optional(key).map(YamlValue::asDouble).orElse(fallback);
    }

    public boolean optionalBoolean(String key, boolean fallback) {
        return optional(key).map(YamlValue::asBoolean).orElse(fallback);
    }

    public YamlMap requiredMap(String key) {
        return required(key, "a mapping").asMap(lineOf(key));
    }

    public Optional<YamlMap> optionalMap(String key) {
        return optional(key).map(v -> v.asMap(lineOf(key)));
    }

    public List<YamlMap> requiredListOfMaps(String key) {
        return required(key, "a list of mappings").asListOfMaps();
    }

    public List<String> requiredListOfStrings(String key) {
        return required(key, "a list of strings").asListOfStrings();
    }

    public List<String> optionalListOfStrings(String key) {
        return optional(key).map(YamlValue::asListOfStrings).orElse(List.of());
    }
}
