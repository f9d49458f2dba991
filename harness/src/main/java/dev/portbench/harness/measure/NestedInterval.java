package dev.portbench.harness.measure;

import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The confidence interval of a mean measured as forks × iterations, counting the variance between iterations and
 * between forks (a one-way random-effects model: iteration mean = μ + fork effect + noise; Kalibera and Jones,
 * "Rigorous benchmarking in reasonable time", ISMM 2013). Samples within one iteration are not independent draws, so
 * the unit is the iteration mean, never the sample.
 *
 * <ul>
 *   <li>Several forks: a one-way ANOVA F-test asks whether fork means differ more than iterations explain. Where it
 *       finds no such evidence (p &gt; {@value #POOLING_P}, the conservative pooling rule of Sokal and Rohlf,
 *       Biometry §10.3), all iteration means are one sample of N − 1 degrees of freedom. Otherwise the interval comes
 *       from the spread of fork means, MS_between / N with f − 1 degrees of freedom, which is honest and wide.</li>
 *   <li>One fork: the iterations' spread with n − 1 degrees of freedom; variance between forks is unknown.</li>
 *   <li>A single iteration of a single fork: no interval.</li>
 * </ul>
 */
public final class NestedInterval {
    /** Pool forks only when the F-test's p-value exceeds this. */
    public static final double POOLING_P = 0.25;
    /** The basis of an estimate with no interval: one iteration of one fork. */
    public static final String NO_INTERVAL = "none";

    private NestedInterval() {
    }

    /**
     * @param iterationMeans per fork, the mean of each measured iteration
     * @param confidence     e.g. 0.999 for the 99.9% interval JMH reports
     */
    public static IntervalEstimate of(double[][] iterationMeans, double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence = " + confidence + "; expected a level between 0 and 1");
        }
        int forks = 0;
        int total = 0;
        double sum = 0;
        for (double[] fork : iterationMeans) {
            if (fork.length > 0) {
                forks++;
                total += fork.length;
                for (double v : fork) {
                    sum += v;
                }
            }
        }
        if (total == 0) {
            throw new IllegalArgumentException("no iteration means; expected at least one");
        }
        double grand = sum / total;
        if (total == 1) {
            return new IntervalEstimate(grand, Double.NaN, 0, NO_INTERVAL);
        }
        double ssWithin = 0;
        double ssBetween = 0;
        for (double[] fork : iterationMeans) {
            if (fork.length == 0) {
                continue;
            }
            double m = mean(fork);
            for (double v : fork) {
                ssWithin += (v - m) * (v - m);
            }
            ssBetween += fork.length * (m - grand) * (m - grand);
        }
        int dfWithin = total - forks;
        if (forks == 1) {
            return interval(grand, ssWithin / dfWithin / total, dfWithin, confidence, "one-fork");
        }
        int dfBetween = forks - 1;
        double msBetween = ssBetween / dfBetween;
        if (dfWithin > 0 && betweenForksPValue(msBetween, ssWithin / dfWithin, dfBetween, dfWithin) > POOLING_P) {
            return interval(grand, (ssWithin + ssBetween) / (total - 1) / total, total - 1, confidence, "pooled");
        }
        return interval(grand, msBetween / total, dfBetween, confidence, "between-forks");
    }

    /** p-value of the F-test of "no variance between forks"; 0 when iterations do not vary at all but forks do. */
    static double betweenForksPValue(double msBetween, double msWithin, int dfBetween, int dfWithin) {
        if (msWithin == 0) {
            return msBetween == 0 ? 1 : 0;
        }
        return 1 - new FDistribution(null, dfBetween, dfWithin).cumulativeProbability(msBetween / msWithin);
    }

    private static IntervalEstimate interval(double mean, double varianceOfMean, int df, double confidence,
                                             String basis) {
        double t = new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return new IntervalEstimate(mean, t * Math.sqrt(varianceOfMean), df, basis);
    }

    static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }
}
