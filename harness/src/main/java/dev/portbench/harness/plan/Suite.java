package dev.portbench.harness.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run measures and how long it may take: a matrix of scenarios × workloads × dtypes, the backends (empty: every
 * backend found), the JMH settings, the per-cell time limit, how long to measure the host's stability before the
 * cells ({@code null}: not at all; {@code HostStability}) and on how many threads (a {@code ThreadCount}; {@code null}:
 * every core), and backend options by backend name, as {@code -O} gives them ({@code -O} wins for the same backend
 * and key).
 */
public record Suite(String name, String description, List<SuiteEntry> matrix, List<String> backends, JmhSettings jmh,
                    Duration cellTimeout, Duration hostStability, String hostStabilityThreads,
                    Map<String, Map<String, String>> options) {

    /** A suite that does not measure the host's stability. */
    public Suite(String name, String description, List<SuiteEntry> matrix, List<String> backends, JmhSettings jmh,
                 Duration cellTimeout) {
        this(name, description, matrix, backends, jmh, cellTimeout, null);
    }

    /** A suite that sets no backend options (and measures the host, if at all, on every core). */
    public Suite(String name, String description, List<SuiteEntry> matrix, List<String> backends, JmhSettings jmh,
                 Duration cellTimeout, Duration hostStability) {
        this(name, description, matrix, backends, jmh, cellTimeout, hostStability, null, Map.of());
    }

    public Suite {
        matrix = List.copyOf(matrix);
        backends = List.copyOf(backends);
        Map<String, Map<String, String>> sorted = new TreeMap<>();
        options.forEach((backend, values) -> sorted.put(backend, Map.copyOf(values)));
        options = java.util.Collections.unmodifiableMap(sorted);
        if (matrix.isEmpty()) {
            throw new IllegalArgumentException("suite " + name + " has an empty matrix; expected at least one entry");
        }
    }

    /** Every scenario the matrix names, in order, once. */
    public List<String> scenarios() {
        return matrix.stream().flatMap(e -> e.scenarios().stream()).distinct().toList();
    }

    public Suite withMatrix(List<SuiteEntry> entries) {
        return new Suite(name, description, entries, backends, jmh, cellTimeout, hostStability, hostStabilityThreads,
                options);
    }

    public Suite withBackends(List<String> ids) {
        return new Suite(name, description, matrix, ids, jmh, cellTimeout, hostStability, hostStabilityThreads,
                options);
    }

    public Suite withJmh(JmhSettings settings) {
        return new Suite(name, description, matrix, backends, settings, cellTimeout, hostStability,
                hostStabilityThreads, options);
    }

    public Suite withCellTimeout(Duration timeout) {
        return new Suite(name, description, matrix, backends, jmh, timeout, hostStability, hostStabilityThreads,
                options);
    }
}
