package dev.portbench.harness.plan;

import java.time.Duration;

/**
 * How each cell is measured: warm-up runs until the time per call is steady, at most {@code warmupMax} (zero: none);
 * then {@code measurementIterations} iterations of {@code measurementTime} in each of {@code forks} JVMs.
 */
public record JmhSettings(Duration warmupMax, int measurementIterations, Duration measurementTime, int forks) {

    public JmhSettings {
        if (warmupMax == null || warmupMax.isNegative()) {
            throw new IllegalArgumentException("warm-up cap = " + warmupMax + "; expected zero or a positive duration"
                    + " such as 10s");
        }
        if (measurementIterations < 1) {
            throw new IllegalArgumentException("measurement iterations = " + measurementIterations
                    + "; expected 1 or more");
        }
        if (forks < 1) {
            throw new IllegalArgumentException("forks = " + forks + "; expected 1 or more (every cell is measured"
                    + " in a JVM of its own)");
        }
        if (measurementTime == null || measurementTime.isZero() || measurementTime.isNegative()) {
            throw new IllegalArgumentException("measurement time = " + measurementTime
                    + "; expected a positive duration such as 500ms or 2s");
        }
    }

    public JmhSettings withWarmupMax(Duration d) {
        return new JmhSettings(d, measurementIterations, measurementTime, forks);
    }

    public JmhSettings withMeasurementIterations(int n) {
        return new JmhSettings(warmupMax, n, measurementTime, forks);
    }

    public JmhSettings withIterationTime(Duration d) {
        return new JmhSettings(warmupMax, measurementIterations, d, forks);
    }

    public JmhSettings withForks(int n) {
        return new JmhSettings(warmupMax, measurementIterations, measurementTime, n);
    }
}
