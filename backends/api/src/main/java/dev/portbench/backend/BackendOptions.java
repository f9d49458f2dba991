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

    /** The backend these options are for, as error messages name it. */
    public String backendId() {
        return backendId;
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

    /** A number of threads: a positive integer, {@code cores} (the default) or {@code cores-N}; {@link ThreadCount}. */
    public int threads(String key) {
        return threads(key, Runtime.getRuntime().availableProcessors());
    }

    /** {@link #threads(String)} on a host with {@code cores} processors. */
    public int threads(String key, int cores) {
        String raw = values.get(key);
        if (raw == null) {
            return cores;
        }
        try {
            return ThreadCount.resolve(raw, cores);
        } catch (IllegalArgumentException e) {
            throw new BackendException("option " + backendId + "." + key + " = '" + raw + "'; expected "
                    + e.getMessage());
        }
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

    /** A whole number at least zero, e.g. a device index. */
    public int nonNegativeInt(String key, int fallback) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the expected form
        }
        throw new BackendException("option " + backendId + "." + key + " = '" + raw + "'; expected an integer >= 0");
    }

    /** A positive number of bytes, e.g. a memory limit. */
    public long positiveLong(String key, long fallback) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the expected form
        }
        throw new BackendException("option " + backendId + "." + key + " = '" + raw
                + "'; expected a positive whole number (bytes)");
    }

    /** {@code true} or {@code false} (also {@code 1} or {@code 0}), case-insensitively. */
    public boolean bool(String key, boolean fallback) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> {
                return true;
            }
            case "false", "0" -> {
                return false;
            }
            default -> throw new BackendException("option " + backendId + "." + key + " = '" + raw
                    + "'; expected true or false");
        }
    }

    /** One of {@code allowed}, exactly as the runtime spells it (e.g. {@code kNextPowerOfTwo}). */
    public String exactChoice(String key, String fallback, java.util.List<String> allowed) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        if (!allowed.contains(raw.trim())) {
            throw new BackendException("option " + backendId + "." + key + " = '" + raw + "'; expected one of "
                    + String.join(", ", allowed));
        }
        return raw.trim();
    }

    /** Absolute folders separated by ':', e.g. where a runtime's native libraries are; none when absent. */
    public java.util.List<String> folders(String key) {
        String raw = values.get(key);
        if (raw == null || raw.isBlank()) {
            return java.util.List.of();
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String part : raw.trim().split(":")) {
            if (!part.startsWith("/") || part.contains(";")) {
                throw new BackendException("option " + backendId + "." + key + " = '" + raw
                        + "'; expected absolute folders separated by ':', e.g. /usr/local/cuda-12/lib64");
            }
            out.add(part);
        }
        return java.util.List.copyOf(out);
    }

    /** Device indices separated by ',' (as {@code CUDA_VISIBLE_DEVICES} takes them), or null when absent. */
    public String deviceList(String key) {
        String raw = values.get(key);
        if (raw == null) {
            return null;
        }
        if (!raw.trim().matches("[0-9]+(,[0-9]+)*")) {
            throw new BackendException("option " + backendId + "." + key + " = '" + raw
                    + "'; expected device indices separated by ',', e.g. 0 or 0,1");
        }
        return raw.trim();
    }
}
