package dev.portbench.harness.plan;

import java.time.Duration;

/** How long JMH warms up and measures each cell, and in how many forked JVMs. */
public record JmhSettings(int warmupIterations, Duration warmupTime, int measurementIterations,
                          Duration measurementTime, int forks) {

    public JmhSettings {
        if (warmupIterations < 0) {
            throw new IllegalArgumentException("warm-up iterations = " + warmupIterations + "; expected 0 or more");
        }
        if (measurementIterations < 1) {
            throw new IllegalArgumentException("measurement iterations = " + measurementIterations
                    + "; expected 1 or more");
        }
        if (forks < 1) {
            throw new IllegalArgumentException("forks = " + forks + "; expected 1 or more (every cell is measured"
                    + " in a JVM of its own)");
        }
        positive("warm-up time", warmupTime);
        positive("measurement time", measurementTime);
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " = " + d + "; expected a positive duration such as 500ms or 2s");
        }
    }

    public JmhSettings withWarmupIterations(int n) {
        return new JmhSettings(n, warmupTime, measurementIterations, measurementTime, forks);
    }

    public JmhSettings withMeasurementIterations(int n) {
        return new JmhSettings(warmupIterations, warmupTime, n, measurementTime, forks);
    }

    /** Sets both the warm-up and the measurement iteration time. */
    public JmhSettings withIterationTime(Duration d) {
        return new JmhSettings(warmupIterations, d, measurementIterations, d, forks);
    }

    public JmhSettings withForks(int n) {
        return new JmhSettings(warmupIterations, warmupTime, measurementIterations, measurementTime, n);
    }
}
