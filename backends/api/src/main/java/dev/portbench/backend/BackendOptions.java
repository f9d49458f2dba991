package dev.portbench.backend;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The {@code key=value} options a user gave one backend; typed accessors say which key held a bad value. */
public final class BackendOptions {
    private final String backendId;
    private final Map<String, String> values;

    public BackendOptions(String backendId, Map<String, String> values) {
        this.backendId = backendId;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static BackendOptions none(String backendId) {
        return new BackendOptions(backendId, Map.of());
    }

    public Map<String, String> asMap() {
        return values;
    }

    public String text(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public int positiveInt(String key, int fallback) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the expected form
        }
        throw new BackendException("option " + backendId + "." + key + " = '" + raw + "'; expected a positive integer");
    }

    /** One of {@code allowed}, compared case-insensitively; returned in upper case. */
    public String choice(String key, String fallback, java.util.List<String> allowed) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        String v = raw.trim().toUpperCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new BackendException("option " + backendId + "." + key + " = '" + raw + "'; expected one of "
                    + String.join(", ", allowed));
        }
        return v;
    }
}
