package dev.portbench.results.history;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What {@link EDivisive#defaults()} does on synthetic nightly series (30 nights, 3 % Gaussian noise, fixed seeds):
 * false alarms on 100 series of noise alone, and how often a planted step of 5 % and of 10 % (at a night drawn from
 * 8 to 22) is found at its night, within one night, or not at all. Run by {@code scripts/changepoints}; prints one
 * line per measurement.
 */
public final class ChangePointCalibration {
    private static final int NIGHTS = 30;
    private static final double NOISE = 0.03;
    private static final int SERIES = 100;

    private ChangePointCalibration() {
    }

    public static void main(String[] args) {
        EDivisive detector = EDivisive.defaults();
        long start = System.nanoTime();
        int alarms = 0;
        int seriesWithAlarm = 0;
        for (int s = 0; s < SERIES; s++) {
            int n = detector.find(series(s, 0, 0)).size();
            alarms += n;
            seriesWithAlarm += n > 0 ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "noise only: %d change points in %d of %d series%n", alarms, seriesWithAlarm,
                SERIES);
        for (double step : new double[] {0.05, 0.10}) {
            int exact = 0;
            int near = 0;
            int missed = 0;
            Random nights = new Random(42);
            for (int s = 0; s < SERIES; s++) {
                int at = 8 + nights.nextInt(15);
                List<EDivisive.ChangePoint> found = detector.find(series(1000 + s, at, step));
                if (found.stream().anyMatch(c -> c.index() == at)) {
                    exact++;
                } else if (found.stream().anyMatch(c -> Math.abs(c.index() - at) <= 1)) {
                    near++;
                } else {
                    missed++;
                }
            }
            System.out.printf(Locale.ROOT, "%.0f %% step: found at its night %d, one night off %d, missed %d of %d%n",
                    step * 100, exact, near, missed, SERIES);
        }
        System.out.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** Noise around 100 from {@code seed}, dropped by {@code step} from night {@code at} on (0: no step). */
    static double[] series(long seed, int at, double step) {
        Random r = new Random(seed);
        double[] x = new double[NIGHTS];
        for (int i = 0; i < NIGHTS; i++) {
            x[i] = 100 * (1 + NOISE * r.nextGaussian()) * (step > 0 && i >= at ? 1 - step : 1);
        }
        return x;
    }
}
