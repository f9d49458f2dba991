package dev.portbench.harness.plan;

import java.time.Duration;
import java.util.List;

/** A named set of scenarios with the JMH settings and the per-cell time limit they run under. */
public record Suite(String name, String description, List<String> scenarios, JmhSettings jmh, Duration cellTimeout) {

    public Suite {
        scenarios = List.copyOf(scenarios);
    }

    public Suite withJmh(JmhSettings settings) {
        return new Suite(name, description, scenarios, settings, cellTimeout);
    }

    public Suite withCellTimeout(Duration timeout) {
        return new Suite(name, description, scenarios, jmh, timeout);
    }
}
