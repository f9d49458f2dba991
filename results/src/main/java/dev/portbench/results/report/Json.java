package dev.portbench.results.report;

import java.util.List;
import java.util.Map;

/**
 * The report's chart data as JSON that is safe inside an HTML {@code <script>} element: besides JSON's own escapes,
 * {@code <}, {@code >}, {@code &}, {@code '} and U+2028/U+2029 are written as {@code \}{@code uXXXX}, so no name from a
 * user's file can close the element ({@code </script>}) or open a comment, whatever it holds. Non-finite numbers
 * are {@code null} (not measured), as JSON has no NaN.
 */
final class Json {

    private Json() {
    }

    /** Writes null, strings, numbers, booleans, lists and string-keyed maps (in their iteration order). */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(Double.isFinite(d) ? Double.toString(d) : "null"); // Double.toString is locale-free
        } else if (value instanceof Number n) {
            out.append(n.longValue());
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string((String) entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON; expected "
                    + "null, String, Number, Boolean, List or Map");
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
