package dev.portbench.harness.plan;

import java.time.Duration;
import java.util.List;

/**
 * What a run measures and how long it may take: a matrix of scenarios × workloads × dtypes, the backends (empty: every
 * backend found), the JMH settings and the per-cell time limit.
 */
public record Suite(String name, String description, List<SuiteEntry> matrix, List<String> backends, JmhSettings jmh,
                    Duration cellTimeout) {

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
        return new Suite(name, description, entries, backends, jmh, cellTimeout);
    }

    public Suite withBackends(List<String> ids) {
        return new Suite(name, description, matrix, ids, jmh, cellTimeout);
    }

    public Suite withJmh(JmhSettings settings) {
        return new Suite(name, description, matrix, backends, settings, cellTimeout);
    }

    public Suite withCellTimeout(Duration timeout) {
        return new Suite(name, description, matrix, backends, jmh, timeout);
    }
}
