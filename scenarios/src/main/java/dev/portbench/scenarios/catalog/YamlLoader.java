package dev.portbench.scenarios.catalog;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Reads one YAML document whose top level is a mapping. Uses SnakeYAML's compose API, which keeps every node's
 * position, and never constructs Java objects from the file, so no tag can instantiate a class.
 */
public final class YamlLoader {
    private YamlLoader() {
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // in case anything ever constructs; compose is checked by YamlMap
        options.setProcessComments(false);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    }

    /**
     * @param source the file path or resource name that errors report
     * @throws CatalogException for a syntax error, an empty document or a top level that is not a mapping
     */
    public static YamlMap readMap(String source, Reader reader) {
        Node root;
        try {
            root = yaml().compose(reader);
        } catch (MarkedYAMLException e) {
            throw syntaxError(source, e);
        } catch (YAMLException e) {
            // e.g. bytes that are not UTF-8, wrapped by SnakeYAML's reader
            throw new CatalogException(source, 0, "", "cannot read the YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new CatalogException(source, 1, "", "the file is empty; expected a YAML mapping");
        }
        YamlValue top = new YamlValue(source, "", root);
        if (!(root instanceof MappingNode)) {
            throw top.error("expected a YAML mapping at the top level, got " + top.describe());
        }
        checkEveryMapping(top, Collections.newSetFromMap(new IdentityHashMap<>()));
        return top.asMap();
    }

    /**
     * Builds every mapping once, so a duplicate key is reported even under a key that nobody reads. Aliases can make
     * the tree a graph, hence the identity set.
     */
    private static void checkEveryMapping(YamlValue value, Set<Node> seen) {
        if (!seen.add(value.node())) {
            return;
        }
        if (value.node() instanceof MappingNode) {
            YamlMap map = value.asMap();
            for (String key : map.keys()) {
                checkEveryMapping(map.optional(key).orElseThrow(), seen);
            }
        } else if (value.node() instanceof SequenceNode) {
            for (YamlValue item : value.asList()) {
                checkEveryMapping(item, seen);
            }
        }
    }

    /**
     * The problem's line, with SnakeYAML's context ("while parsing a flow sequence") and where that started: an
     * unclosed bracket is reported at the end of the file, so the opening line is the useful one.
     */
    private static CatalogException syntaxError(String source, MarkedYAMLException e) {
        Mark problemMark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        int line = problemMark == null ? 1 : problemMark.getLine() + 1;
        StringBuilder what = new StringBuilder("invalid YAML: ");
        if (e.getContext() != null) {
            what.append(e.getContext());
            Mark contextMark = e.getContextMark();
            if (contextMark != null && contextMark.getLine() + 1 != line) {
                what.append(" at line ").append(contextMark.getLine() + 1);
            }
            what.append(", ");
        }
        what.append(e.getProblem() != null ? e.getProblem() : e.getMessage());
        return new CatalogException(source, line, "", what.toString(), e);
    }

    /** Reads a UTF-8 file; its path is the source that errors report. */
    public static YamlMap readMap(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readMap(file.toString(), reader);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such file" : e.toString();
            throw new CatalogException(file.toString(), 0, "", "cannot read the file: " + why, e);
        }
    }
}
