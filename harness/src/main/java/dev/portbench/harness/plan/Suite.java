package dev.portbench.harness.plan;

import java.time.Duration;
import java.util.List;

/**
 * What a run measures and how long it may take: a matrix of scenarios × workloads × dtypes, the backends (empty: every
 * backend found), the JMH settings, the per-cell time limit, and how long to measure the host's stability before the
 * cells ({@code null}: not at all; {@code HostStability}).
 */
public record Suite(String name, String description, List<SuiteEntry> matrix, List<String> backends, JmhSettings jmh,
                    Duration cellTimeout, Duration hostStability) {

    /** A suite that does not measure the host's stability. */
    public Suite(String name, String description, List<SuiteEntry> matrix, List<String> backends, JmhSettings jmh,
                 Duration cellTimeout) {
        this(name, description, matrix, backends, jmh, cellTimeout, null);
    }

    public Suite {
        matrix = List.copyOf(matrix);
        backends = List.copyOf(backends);
        if (matrix.isEmpty()) {
            throw new IllegalArgumentException("suite " + name + " has an empty matrix; expected at least one entry");
        }
    }

    /** Every scenario the matrix names, in order, once. */
    public List<String> scenarios() {
        return matrix.stream().flatMap(e -> e.scenarios().stream()).distinct().toList();
    }

    public Suite withMatrix(List<SuiteEntry> entries) {
        return new Suite(name, description, entries, backends, jmh, cellTimeout, hostStability);
    }

    public Suite withBackends(List<String> ids) {
        return new Suite(name, description, matrix, ids, jmh, cellTimeout, hostStability);
    }

    public Suite withJmh(JmhSettings settings) {
        return new Suite(name, description, matrix, backends, settings, cellTimeout, hostStability);
    }

    public Suite withCellTimeout(Duration timeout) {
        return new Suite(name, description, matrix, backends, jmh, timeout, hostStability);
    }
}
