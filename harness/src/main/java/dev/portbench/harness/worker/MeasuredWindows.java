package dev.portbench.harness.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lets the benchmark end the profilers' windows: JMH runs the trial's teardown inside the last measured iteration and
 * stops its profilers only after it, so freeing the session and the backend (device memory, a TensorRT engine) would
 * count in that iteration's energy, power and JIT share without being a measured call. The teardown calls
 * {@link #endNow} before it frees anything.
 */
final class MeasuredWindows {
    private static final List<Runnable> ENDS = new CopyOnWriteArrayList<>();

    private MeasuredWindows() {
    }

    /** Registers how a profiler ends its current window; once per profiler. */
    static void onEnd(Runnable end) {
        ENDS.add(end);
    }

    /** Ends every registered profiler's current window now. */
    static void endNow() {
        ENDS.forEach(Runnable::run);
    }
}
