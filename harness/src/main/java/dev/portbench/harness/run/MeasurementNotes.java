package dev.portbench.harness.run;

import dev.portbench.harness.measure.ForkOrderCheck;
import dev.portbench.harness.measure.SteadyStateWarmup;
import dev.portbench.harness.worker.Timing;

import java.util.Locale;

/**
 * What a row's reason says about its measurement: iterations that still trend, a warm-up stopped by its cap, JIT
 * compilers that worked for much of the measured time, fork means that drifted in the order the forks ran.
 */
final class MeasurementNotes {
    /**
     * The bar the warm-up sets for its own end ({@link SteadyStateWarmup#JIT_QUIET}): compilers busier than that during
     * the measurement kept working past a warm-up that would not have ended on it. On the 2-core development VM they
     * used 2–5 % of the measured time in onnxruntime-cpu's forks and 10–11 % in djl-pytorch's, whose Java-side decoder
     * C2 goes on compiling (smoke settings, one run each).
     */
    static final double JIT_SHARE_NOTED = SteadyStateWarmup.JIT_QUIET;

    private MeasurementNotes() {
    }

    static String of(Timing t) {
        if (t == null) {
            return "";
        }
        String notes = "";
        if (Boolean.FALSE.equals(t.steady()) && t.steadyReason() != null) {
            notes = t.steadyReason();
        }
        boolean capped = t.warmupUnsettled() != null && t.warmupUnsettled() != 0;
        if (Boolean.FALSE.equals(t.warmupSteady()) && t.warmupS() != null && t.warmupS() > 0) {
            String what = capped ? "with " + SteadyStateWarmup.Unsettled.describe(t.warmupUnsettled())
                    : "before the time per call was steady with the JIT compilers quiet and the resident set flat";
            notes = join(notes, String.format(Locale.ROOT, "warm-up reached its cap after %.1f s %s", t.warmupS(),
                    what));
        } else if (Boolean.TRUE.equals(t.warmupSteady()) && capped) { // the first pass capped, its recheck steady
            notes = join(notes, String.format(Locale.ROOT, "warm-up's first pass reached its cap with %s; its recheck"
                    + " then found the calls settled (%.1f s in all)", SteadyStateWarmup.Unsettled.describe(
                    t.warmupUnsettled()), t.warmupS() == null ? Double.NaN : t.warmupS()));
        }
        if (t.jitShare() != null && t.jitShare() >= JIT_SHARE_NOTED) {
            notes = join(notes, String.format(Locale.ROOT, "the JIT compiler threads ran for %.0f %% of the measured"
                    + " time (in the fork where they ran most): where they share the cores with the calls, those calls"
                    + " ran slower meanwhile", 100 * t.jitShare()));
        }
        return join(notes, ForkOrderCheck.note(t.forkLag1(), t.forkLag1P(), t.forks()));
    }

    /** The non-empty parts, joined by "; ". */
    static String join(String first, String second) {
        String a = first == null ? "" : first;
        String b = second == null ? "" : second;
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + "; " + b;
    }
}
