package dev.portbench.harness.plan;

import java.time.Duration;
import java.util.Locale;

/**
 * How each cell is measured: warm-up runs until the time per call is steady, at most {@code warmupMax} (zero: none);
 * then {@code measurementIterations} iterations of {@code measurementTime} in each of {@code forks} JVMs. With
 * {@code maxForks} above {@code forks}, a cell whose tokens/s interval after those forks is wider than
 * {@code targetHalfWidth} (a fraction of tokens/s) gets the further forks its spread says it needs, up to
 * {@code maxForks} (see {@code ForkExtension}); {@code maxForks == forks} measures exactly {@code forks}.
 */
public record JmhSettings(Duration warmupMax, int measurementIterations, Duration measurementTime, int forks,
                          int maxForks, double targetHalfWidth) {
    /** The half-width a cell is measured to where more forks are allowed and no target is named. */
    public static final double DEFAULT_TARGET_HALF_WIDTH = 0.05;
    /** The most forks a cell may get: beyond it a host is too noisy for any number to help. */
    public static final int MAX_FORKS_LIMIT = 1000;

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
        if (maxForks > MAX_FORKS_LIMIT && maxForks > forks) {
            throw new IllegalArgumentException("max forks = " + maxForks + "; expected at most " + MAX_FORKS_LIMIT);
        }
        if (maxForks < forks) {
            throw new IllegalArgumentException("max forks = " + maxForks + " with forks = " + forks
                    + "; expected at least the forks every cell gets");
        }
        if (maxForks > forks && forks < 2) {
            throw new IllegalArgumentException("max forks = " + maxForks + " with forks = " + forks + "; further forks"
                    + " need at least 2 planned forks, whose spread says how many more a cell needs (max forks = forks"
                    + " for none)");
        }
        if (maxForks > forks ? !(targetHalfWidth > 0 && targetHalfWidth < 1)
                : !(targetHalfWidth >= 0 && targetHalfWidth < 1)) {
            throw new IllegalArgumentException("target half-width = " + targetHalfWidth + "; expected a fraction of"
                    + " tokens/s between 0 and 1 (exclusive), e.g. 0.05 for 5 %");
        }
    }

    /** Exactly {@code forks} JVMs per cell. */
    public JmhSettings(Duration warmupMax, int measurementIterations, Duration measurementTime, int forks) {
        this(warmupMax, measurementIterations, measurementTime, forks, forks, 0);
    }

    /** Whether a cell may get forks beyond {@code forks}. */
    public boolean extendsForks() {
        return maxForks > forks;
    }

    public JmhSettings withWarmupMax(Duration d) {
        return new JmhSettings(d, measurementIterations, measurementTime, forks, maxForks, targetHalfWidth);
    }

    public JmhSettings withMeasurementIterations(int n) {
        return new JmhSettings(warmupMax, n, measurementTime, forks, maxForks, targetHalfWidth);
    }

    public JmhSettings withIterationTime(Duration d) {
        return new JmhSettings(warmupMax, measurementIterations, d, forks, maxForks, targetHalfWidth);
    }

    /** {@code n} forks; a cap on further forks below {@code n} rises to it (no more then). */
    public JmhSettings withForks(int n) {
        return withForks(n, extendsForks() ? Math.max(n, maxForks) : n);
    }

    /**
     * {@code n} forks and at most {@code max} for a cell wider than the target: the suite's, or
     * {@value #DEFAULT_TARGET_HALF_WIDTH} where it names none.
     */
    public JmhSettings withForks(int n, int max) {
        return new JmhSettings(warmupMax, measurementIterations, measurementTime, n, max,
                targetHalfWidth > 0 ? targetHalfWidth : DEFAULT_TARGET_HALF_WIDTH);
    }

    /** The settings as the plan's fingerprint hashes them: as before further forks existed, unless they are on. */
    @Override
    public String toString() {
        String planned = "JmhSettings[warmupMax=" + warmupMax + ", measurementIterations=" + measurementIterations
                + ", measurementTime=" + measurementTime + ", forks=" + forks;
        return planned + (extendsForks() ? String.format(Locale.ROOT, ", maxForks=%d, targetHalfWidth=%s]", maxForks,
                targetHalfWidth) : "]");
    }
}
