package dev.portbench.harness.plan;

import dev.portbench.backend.ThreadCount;
import dev.portbench.harness.cli.DurationConverter;
import dev.portbench.harness.env.HostStability;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.SpecException;
import dev.portbench.scenarios.catalog.CatalogException;
import dev.portbench.scenarios.catalog.YamlLoader;
import dev.portbench.scenarios.catalog.YamlMap;
import dev.portbench.scenarios.catalog.YamlValue;

import java.io.Reader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Suite files: the built-in ones (resources dev/portbench/harness/suites/) and users' own. Every name is checked
 * against what exists (scenarios, their workloads, dtypes, backends), and every error names file, line and field.
 * <pre>
 * name: smoke
 * description: "..."
 * backends: [onnxruntime-cpu]          # optional; default: every backend found; ID@VERSION allowed
 * jmh: {warmup_max: 10s, iterations: 10, iteration_time: 500ms, forks: 1}   # warm-up: until steady, at most warmup_max
 *   # optional in jmh: max_forks: 30, target_half_width: 0.05 (further forks for cells wider than the target)
 * cell_timeout: 5m
 * host_stability: 40s                  # optional: measure how steady the host is first (env.json's host_stability)
 * host_stability_threads: cores-1      # optional, with host_stability: on this many threads (default: every core)
 * options:                             # optional: backend options, as -O BACKEND.KEY=VALUE (-O wins for a key)
 *   onnxruntime-cpu: {intra_op_threads: cores-1}
 * matrix:
 *   - scenarios: [dense-small, moe-small]
 *     workloads: [prefill]             # optional; default: every workload of each scenario
 *     dtypes: [fp32, fp16]             # optional; default: [fp32]
 * </pre>
 */
public final class SuiteYaml {
    private static final List<String> KEYS = List.of("name", "description", "backends", "jmh", "cell_timeout",
            "host_stability", "host_stability_threads", "options", "matrix");
    private static final List<String> JMH_KEYS = List.of("warmup_max", "iterations", "iteration_time", "forks",
            "max_forks", "target_half_width");
    private static final List<String> ENTRY_KEYS = List.of("scenarios", "workloads", "dtypes");

    private SuiteYaml() {
    }

    public static Suite read(Path file, ScenarioCatalog catalog, KnownBackends backends) {
        return fromMap(YamlLoader.readMap(file), catalog, backends);
    }

    public static Suite read(String source, Reader reader, ScenarioCatalog catalog, KnownBackends backends) {
        return fromMap(YamlLoader.readMap(source, reader), catalog, backends);
    }

    private static Suite fromMap(YamlMap map, ScenarioCatalog catalog, KnownBackends backends) {
        map.rejectUnknownKeys(KEYS);
        String name = map.requiredString("name");
        String description = map.optionalString("description").orElse("");
        List<String> backendNames = map.optionalListOfStrings("backends");
        if (map.has("backends") && backendNames.isEmpty()) {
            throw map.error("backends", "is empty; expected at least one backend, or no backends key for every"
                    + " backend found");
        }
        for (String b : backendNames) {
            try {
                backends.resolve(b); // whether that version's runtime jar is present is checked when the run starts
            } catch (IllegalArgumentException e) {
                throw map.error("backends", e.getMessage());
            }
        }
        JmhSettings jmh = jmh(map.requiredMap("jmh"));
        Duration cellTimeout = duration(map.required("cell_timeout", "a duration such as 30m"));
        Duration hostStability = map.optional("host_stability").map(SuiteYaml::hostStability).orElse(null);
        String hostStabilityThreads = map.optional("host_stability_threads").map(SuiteYaml::threadCount).orElse(null);
        if (hostStabilityThreads != null && hostStability == null) {
            throw map.error("host_stability_threads", "without host_stability; expected host_stability as well (a"
                    + " duration such as 40s), or no host_stability_threads");
        }
        Map<String, Map<String, String>> options = map.has("options") ? options(map.requiredMap("options"), backends)
                : Map.of();
        List<SuiteEntry> matrix = new ArrayList<>();
        for (YamlMap entry : map.requiredListOfMaps("matrix")) {
            matrix.add(entry(entry, catalog));
        }
        if (matrix.isEmpty()) {
            throw map.error("matrix", "is empty; expected at least one entry naming scenarios");
        }
        return new Suite(name, description, matrix, backendNames, jmh, cellTimeout, hostStability,
                hostStabilityThreads, options);
    }

    /**
     * Backend name to {@code KEY: VALUE}: each backend's options checked together, as the backend checks {@code -O}
     * (some keys hold only beside others, e.g. a device index beside {@code device: gpu}), and refused at the line of
     * the key the backend names, else at the backend's. Options for a backend the run does not run are kept and
     * unused, as for {@code -O}.
     */
    private static Map<String, Map<String, String>> options(YamlMap m, KnownBackends backends) {
        if (m.keys().isEmpty()) {
            throw m.error("is empty; expected backends with their options, e.g. onnxruntime-cpu: {intra_op_threads:"
                    + " cores-1}, or no options key");
        }
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String backend : m.keys()) {
            try {
                backends.resolve(backend);
            } catch (IllegalArgumentException e) {
                throw m.error(backend, e.getMessage());
            }
            YamlMap given = m.requiredMap(backend);
            if (given.keys().isEmpty()) {
                throw m.error(backend, "is empty; expected KEY: VALUE options, e.g. intra_op_threads: cores-1");
            }
            Map<String, String> values = new TreeMap<>();
            for (String key : given.keys()) {
                YamlValue v = given.required(key, "a value");
                String value = v.asString().trim();
                if (value.contains(";")) {
                    throw v.error("got '" + value + "'; values may not contain ';'");
                }
                values.put(key, value);
            }
            try {
                backends.options().check(backend, values);
            } catch (IllegalArgumentException e) {
                throw refusedAt(m, given, backend, e.getMessage());
            }
            out.put(backend, values);
        }
        return out;
    }

    /** A backend's refusal at the line of the key it names ("option B.KEY = …", "no option 'KEY'"), else at B's. */
    private static CatalogException refusedAt(YamlMap options, YamlMap given, String backend, String problem) {
        for (String key : given.keys()) {
            if (problem.startsWith("option " + backend + "." + key + " ") || problem.contains("no option '" + key
                    + "'")) {
                return given.error(key, problem);
            }
        }
        return options.error(backend, problem);
    }

    private static JmhSettings jmh(YamlMap m) {
        if (m.has("warmup_iterations") || m.has("warmup_time")) {
            throw m.error(m.has("warmup_iterations") ? "warmup_iterations" : "warmup_time", "is no longer used:"
                    + " warm-up runs until the time per call is steady; set its cap with warmup_max, e.g. 10s");
        }
        m.rejectUnknownKeys(JMH_KEYS);
        try {
            JmhSettings planned = new JmhSettings(warmupCap(m.required("warmup_max",
                    "a duration such as 10s, or 0s for none")),
                    atLeastOne(m, "iterations", "measured iterations per fork"),
                    duration(m.required("iteration_time", "a duration such as 1s")),
                    atLeastOne(m, "forks", "JVMs per cell"));
            return furtherForks(m, planned);
        } catch (IllegalArgumentException e) {
            if (e instanceof CatalogException c) {
                throw c;
            }
            throw m.error(e.getMessage());
        }
    }

    /** {@code max_forks} and {@code target_half_width}, each refused at its own line. */
    private static JmhSettings furtherForks(YamlMap m, JmhSettings planned) {
        if (!m.has("max_forks")) {
            if (m.has("target_half_width")) {
                throw m.error("target_half_width", "without max_forks; expected max_forks above forks as well, the"
                        + " most forks a cell may get to reach the target");
            }
            return planned;
        }
        YamlValue max = m.required("max_forks", "an integer");
        if (max.asInt() < planned.forks()) {
            throw max.error("got " + max.asInt() + "; expected at least forks (" + planned.forks() + ")");
        }
        if (max.asInt() > JmhSettings.MAX_FORKS_LIMIT && max.asInt() > planned.forks()) {
            throw max.error("got " + max.asInt() + "; expected at most " + JmhSettings.MAX_FORKS_LIMIT);
        }
        double target = JmhSettings.DEFAULT_TARGET_HALF_WIDTH;
        if (m.has("target_half_width")) {
            YamlValue v = m.required("target_half_width", "a fraction");
            target = v.asDouble();
            if (!(target > 0 && target < 1)) {
                throw v.error("got " + v.asString() + "; expected a fraction of tokens/s between 0 and 1 (exclusive),"
                        + " e.g. 0.05 for 5 %");
            }
        }
        return new JmhSettings(planned.warmupMax(), planned.measurementIterations(), planned.measurementTime(),
                planned.forks(), max.asInt(), target);
    }

    /** A count that must be 1 or more, refused at its own line. */
    private static int atLeastOne(YamlMap m, String key, String what) {
        YamlValue v = m.required(key, "an integer");
        int n = v.asInt();
        if (n < 1) {
            throw v.error("got " + n + "; expected 1 or more " + what);
        }
        return n;
    }

    private static Duration hostStability(YamlValue v) {
        Duration d = duration(v);
        if (d.compareTo(HostStability.SHORTEST) < 0) {
            throw v.error("got " + v.asString() + "; expected at least 1s (ten blocks of 100 ms or more), e.g. 40s");
        }
        return d;
    }

    /** A {@link ThreadCount} as written, checked on this host; the host that measures resolves it. */
    private static String threadCount(YamlValue v) {
        String text = v.asString().trim();
        try {
            ThreadCount.resolve(text);
            return text;
        } catch (IllegalArgumentException e) {
            throw v.error("got '" + text + "'; expected " + e.getMessage());
        }
    }

    private static Duration warmupCap(YamlValue v) {
        return v.asString().trim().matches("0+(ms|s|m|h)?") ? Duration.ZERO : duration(v);
    }

    private static Duration duration(YamlValue v) {
        try {
            return DurationConverter.parse(v.asString());
        } catch (RuntimeException e) {
            if (e instanceof CatalogException c) {
                throw c;
            }
            throw v.error(e.getMessage());
        }
    }

    private static SuiteEntry entry(YamlMap m, ScenarioCatalog catalog) {
        m.rejectUnknownKeys(ENTRY_KEYS);
        List<String> scenarios = m.requiredListOfStrings("scenarios");
        if (scenarios.isEmpty()) {
            throw m.error("scenarios", "is empty; expected at least one scenario");
        }
        List<String> workloads = m.optionalListOfStrings("workloads");
        if (m.has("workloads") && workloads.isEmpty()) {
            throw m.error("workloads", "is empty; expected at least one workload, or no workloads key for every"
                    + " workload of the scenarios");
        }
        for (String s : scenarios) {
            if (catalog.findByo(s).isPresent()) {
                continue; // a bring-your-own model: one forward pass, workloads and dtypes do not apply
            }
            Scenario scenario = catalog.find(s).orElseThrow(() -> m.error("scenarios", "unknown scenario '" + s
                    + "'; expected one of: " + String.join(", ", catalog.names())));
            for (String w : workloads) {
                if (scenario.workload(w).isEmpty()) {
                    throw m.error("workloads", "scenario " + s + " has no workload '" + w + "'; it has: "
                            + String.join(", ", scenario.workloadNames()));
                }
            }
        }
        List<Dtype> dtypes = new ArrayList<>();
        for (String d : m.has("dtypes") ? m.requiredListOfStrings("dtypes") : List.of(Dtype.FP32.id())) {
            try {
                dtypes.add(Dtype.fromId(d));
            } catch (SpecException e) {
                throw m.error("dtypes", e.getMessage());
            }
        }
        if (dtypes.isEmpty()) {
            throw m.error("dtypes", "is empty; expected at least one of " + Dtype.ids());
        }
        return new SuiteEntry(scenarios, workloads, dtypes);
    }
}
