package dev.portbench.scenarios.catalog;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One value of a composed YAML tree, with the file and dotted field it came from, converted on demand to the type the
 * caller expects. Plain scalars are read by their text, not by SnakeYAML's YAML 1.1 resolver, so {@code 010} is not
 * silently octal and a quoted {@code "16"} is a string, not a number.
 */
public final class YamlValue {
    // Decimal only, no leading zeros: YAML 1.1 reads 010 as 8, which nobody writing a config means.
    private static final Pattern INTEGER = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");
    private static final Pattern DECIMAL =
            Pattern.compile("[-+]?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][-+]?[0-9]+)?");
    private static final int SHOWN_CHARS = 40;

    private final String source;
    private final String field;
    private final Node node;

    YamlValue(String source, String field, Node node) {
        this.source = source;
        this.field = field;
        this.node = node;
    }

    public String source() {
        return source;
    }

    /** The dotted path of this value, e.g. {@code workloads[1].seq_len}. */
    public String field() {
        return field;
    }

    /** 1-based line where the value starts. */
    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    Node node() {
        return node;
    }

    public CatalogException error(String problem) {
        return new CatalogException(source, line(), field, problem);
    }

    private CatalogException expected(String what) {
        return error("expected " + what + ", got " + describe());
    }

    /** True for an empty value, {@code ~} or {@code null} written without quotes. */
    public boolean isNull() {
        return node instanceof ScalarNode s && s.isPlain() && Tag.NULL.equals(s.getTag());
    }

    private String plainText(String what) {
        if (node instanceof ScalarNode s && s.isPlain() && !isNull()) {
            return s.getValue();
        }
        throw expected(what);
    }

    /** Any non-empty scalar, quoted or not, as written. */
    public String asString() {
        if (node instanceof ScalarNode s && !isNull()) {
            return s.getValue();
        }
        throw expected("a string");
    }

    public int asInt() {
        BigInteger v = integer("an integer");
        if (v.bitLength() >= Integer.SIZE) {
            throw expected("an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        return v.intValue();
    }

    public long asLong() {
        BigInteger v = integer("an integer");
        if (v.bitLength() >= Long.SIZE) {
            throw expected("an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
        }
        return v.longValue();
    }

    private BigInteger integer(String what) {
        String text = plainText(what);
        if (!INTEGER.matcher(text).matches()) {
            throw expected(text.matches("[-+]?0[0-9_]+") ? what + " without leading zeros" : what);
        }
        return new BigInteger(text.replace("_", ""));
    }

    /** A finite decimal number, integer or not: {@code 10000}, {@code 1.0e-5}, {@code 1e6}. */
    public double asDouble() {
        String text = plainText("a number");
        if (!DECIMAL.matcher(text).matches()) {
            throw expected("a number such as 10000, 0.5 or 1e-5");
        }
        double v = Double.parseDouble(text.replace("_", ""));
        if (Double.isInfinite(v)) {
            throw expected("a number within the range of a double");
        }
        return v;
    }

    public boolean asBoolean() {
        String text = plainText("true or false");
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw expected("true or false");
        };
    }

    /** A mapping; {@code line} is where errors about the mapping as a whole point (usually its key's line). */
    YamlMap asMap(int line) {
        if (node instanceof MappingNode m) {
            return new YamlMap(source, field, line, m);
        }
        throw expected("a mapping of keys to values");
    }

    public YamlMap asMap() {
        return asMap(line());
    }

    public List<YamlValue> asList() {
        if (!(node instanceof SequenceNode seq)) {
            throw expected("a list");
        }
        List<YamlValue> items = new ArrayList<>();
        for (Node item : seq.getValue()) {
            items.add(new YamlValue(source, field + "[" + items.size() + "]", item));
        }
        return items;
    }

    public List<YamlMap> asListOfMaps() {
        return asList().stream().map(YamlValue::asMap).toList();
    }

    public List<String> asListOfStrings() {
        return asList().stream().map(YamlValue::asString).toList();
    }

    /** What the file holds here, for "expected X, got Y" messages. */
    String describe() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull()) {
            return "an empty value";
        }
        ScalarNode s = (ScalarNode) node;
        String text = s.getValue();
        if (text.length() > SHOWN_CHARS) {
            text = text.substring(0, SHOWN_CHARS) + "...";
        }
        return (s.isPlain() ? "'" : "the quoted string '") + text + "'";
    }
}
