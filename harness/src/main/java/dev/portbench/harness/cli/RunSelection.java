package dev.portbench.harness.cli;

import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.harness.plan.Suite;
import dev.portbench.harness.plan.Suites;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Checks the names and options a user gave against what exists, before any work starts. */
final class RunSelection {
    private RunSelection() {
    }

    static Suite suite(String name) {
        return Suites.find(name).orElseThrow(() -> new UsageException("unknown suite '" + name
                + "'; expected one of: " + String.join(", ", Suites.names())));
    }

    static List<Scenario> scenarios(List<String> names) {
        ScenarioCatalog catalog = ScenarioCatalog.builtIn();
        List<Scenario> out = new ArrayList<>();
        for (String n : new LinkedHashSet<>(names)) {
            out.add(catalog.find(n).orElseThrow(() -> new UsageException("unknown scenario '" + n
                    + "'; expected one of: " + String.join(", ", catalog.names()))));
        }
        if (out.isEmpty()) {
            throw new UsageException("no scenario selected; expected one of: " + String.join(", ", catalog.names()));
        }
        return out;
    }

    static List<String> backends(List<String> names, List<BackendProvider> providers) {
        List<String> known = providers.stream().map(BackendProvider::id).toList();
        if (names == null || names.isEmpty()) {
            return known;
        }
        List<String> out = new ArrayList<>();
        for (String n : new LinkedHashSet<>(names)) {
            if (!known.contains(n)) {
                throw new UsageException("unknown backend '" + n + "'; expected one of: " + String.join(", ", known));
            }
            out.add(n);
        }
        return out;
    }

    /**
     * Groups {@code backend.key=value} options by backend, rejecting unknown backends, keys and bad values.
     */
    static Map<String, Map<String, String>> options(List<String> raw, List<BackendProvider> providers) {
        Map<String, BackendProvider> byId = providers.stream()
                .collect(Collectors.toMap(BackendProvider::id, p -> p, (a, b) -> a, LinkedHashMap::new));
        Map<String, Map<String, String>> grouped = new TreeMap<>();
        for (String option : raw) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            int dot = findBackendDot(key, byId);
            if (eq < 0 || dot < 0) {
                throw new UsageException("option '" + option + "'; expected BACKEND.KEY=VALUE with BACKEND one of: "
                        + String.join(", ", byId.keySet()));
            }
            String backend = key.substring(0, dot);
            String name = key.substring(dot + 1);
            String value = option.substring(eq + 1);
            BackendProvider p = byId.get(backend);
            if (!p.supportedOptions().containsKey(name)) {
                throw new UsageException("backend " + backend + " has no option '" + name + "'; it accepts: "
                        + (p.supportedOptions().isEmpty() ? "none" : String.join(", ",
                        new TreeMap<>(p.supportedOptions()).keySet())));
            }
            if (value.contains(";")) {
                throw new UsageException("option '" + option + "': values may not contain ';'");
            }
            grouped.computeIfAbsent(backend, b -> new TreeMap<>()).put(name, value);
        }
        for (Map.Entry<String, Map<String, String>> e : grouped.entrySet()) {
            try {
                byId.get(e.getKey()).checkOptions(new BackendOptions(e.getKey(), e.getValue()));
            } catch (BackendException ex) {
                throw new UsageException(ex.getMessage());
            }
        }
        return grouped;
    }

    /** Backend ids contain dots in principle (e.g. a version), so match the longest known id prefix. */
    private static int findBackendDot(String key, Map<String, BackendProvider> byId) {
        int best = -1;
        for (String id : byId.keySet()) {
            if (key.startsWith(id + ".") && id.length() > best) {
                best = id.length();
            }
        }
        return best;
    }
}
