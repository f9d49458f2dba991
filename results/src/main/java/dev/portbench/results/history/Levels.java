package dev.portbench.results.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A series cut at its change points into levels, and the newest level held against each earlier one. The newest
 * change point alone is not enough: a drop that partly recovers ends in a rise, yet leaves the cell below where it
 * was (docs/compare-and-gate.md, {@code gate --history}).
 */
final class Levels {

    /** The nights [from, to) of the window between two change points (or its ends), and their mean. */
    record Level(int from, int to, double mean) {
        int nights() {
            return to - from;
        }
    }

    /**
     * The newest level lies below an earlier one by at least the detector's magnitude, with a permutation p within
     * its significance.
     *
     * @param began          the first night from which every level up to the newest stayed that far below
     *                       {@code earlier}: the night the shortfall began
     * @param relativeChange (newest − earlier) / |earlier|, negative
     * @param adjacent       {@code earlier} is the level just before the newest: the newest change point is the drop
     */
    record Shortfall(Level earlier, int began, double relativeChange, double pValue, boolean adjacent) {
    }

    private final double[] values;
    private final List<Level> levels;

    private Levels(double[] values, List<Level> levels) {
        this.values = values;
        this.levels = levels;
    }

    /** {@code values} cut at {@code changePoints} (in index order, as {@link EDivisive#find} returns them). */
    static Levels of(double[] values, List<EDivisive.ChangePoint> changePoints) {
        List<Level> levels = new ArrayList<>();
        int from = 0;
        for (EDivisive.ChangePoint c : changePoints) {
            levels.add(level(values, from, c.index()));
            from = c.index();
        }
        levels.add(level(values, from, values.length));
        return new Levels(values, levels);
    }

    private static Level level(double[] values, int from, int to) {
        return new Level(from, to, Arrays.stream(values, from, to).average().orElseThrow());
    }

    Level newest() {
        return levels.get(levels.size() - 1);
    }

    /** The levels before the newest, oldest first. */
    List<Level> earlier() {
        return levels.subList(0, levels.size() - 1);
    }

    /**
     * Every earlier level the newest falls short of, oldest first. The level just before the newest is judged by the
     * change point between them ({@code last}), which the detector has already found significant and large enough;
     * others by {@link EDivisive#pValue} on the two levels' nights and the detector's thresholds.
     */
    List<Shortfall> shortfalls(EDivisive detector, EDivisive.ChangePoint last) {
        Level newest = newest();
        List<Shortfall> out = new ArrayList<>();
        for (int j = 0; j + 2 < levels.size(); j++) {
            Level earlier = levels.get(j);
            double change = relative(newest, earlier);
            if (change <= -detector.minMagnitude()) {
                double p = pValue(detector, earlier, newest);
                if (p <= detector.maxPValue()) {
                    out.add(new Shortfall(earlier, began(j, detector.minMagnitude()), change, p, false));
                }
            }
        }
        if (last.relativeChange() < 0) { // the detector's own means and p, so a single drop reads as it always has
            out.add(new Shortfall(levels.get(levels.size() - 2), newest.from(), last.relativeChange(), last.pValue(),
                    true));
        }
        return out;
    }

    /** Where the run of levels began that ends with the newest and lies at least {@code magnitude} below level j. */
    private int began(int j, double magnitude) {
        int i = levels.size() - 1;
        while (i - 1 > j && relative(levels.get(i - 1), levels.get(j)) <= -magnitude) {
            i--;
        }
        return levels.get(i).from();
    }

    /** {@link EDivisive#pValue} between two levels' nights. */
    double pValue(EDivisive detector, Level before, Level after) {
        return detector.pValue(nights(before), nights(after));
    }

    private double[] nights(Level level) {
        return Arrays.copyOfRange(values, level.from(), level.to());
    }

    /** (level − reference) / |reference|, as {@link EDivisive.ChangePoint#relativeChange} measures a change. */
    static double relative(Level level, Level reference) {
        return (level.mean() - reference.mean()) / Math.abs(reference.mean());
    }
}
