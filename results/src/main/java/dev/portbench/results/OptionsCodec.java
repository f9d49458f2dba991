package dev.portbench.results;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Backend options as one string ({@code k=v;k=v}), for JMH parameters and the results' backend_options column. A value
 * holding the separator (a path, an environment variable a backend reports) keeps it as {@code %3B}, and a {@code %}
 * as {@code %25}, so every value comes back as it was.
 */
public final class OptionsCodec {
    private OptionsCodec() {
    }

    public static String encode(Map<String, String> options) {
        return new TreeMap<>(options).entrySet().stream()
                .map(e -> e.getKey() + "=" + escape(e.getValue()))
                .collect(Collectors.joining(";"));
    }

    /** Keeps the given order, so a row lists options as the backend reported them. */
    public static String encodeInOrder(Map<String, String> options) {
        return options.entrySet().stream().map(e -> e.getKey() + "=" + escape(e.getValue()))
                .collect(Collectors.joining(";"));
    }

    public static Map<String, String> decode(String encoded) {
        Map<String, String> m = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return m;
        }
        for (String pair : encoded.split(";")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("backend option '" + pair + "' in '" + encoded
                        + "'; expected key=value");
            }
            m.put(pair.substring(0, eq), unescape(pair.substring(eq + 1)));
        }
        return m;
    }

    private static String escape(String value) {
        return value.replace("%", "%25").replace(";", "%3B");
    }

    private static String unescape(String value) {
        return value.replace("%3B", ";").replace("%25", "%");
    }
}
