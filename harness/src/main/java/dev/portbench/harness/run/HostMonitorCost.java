package dev.portbench.harness.run;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the host monitor costs the cores a cell measures on, measured directly: the CPU time of one reading of every
 * process (the first, cold, and the mean of {@value #WARM_READINGS} more), then a monitor running as during a cell for
 * a while, and its thread's CPU per second of wall time. {@code scripts/telemetry-overhead} runs it.
 *
 * <pre>java -cp … dev.portbench.harness.run.HostMonitorCost [SECONDS]</pre>
 */
public final class HostMonitorCost {
    static final int WARM_READINGS = 30;

    private HostMonitorCost() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 30;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path proc = Path.of("/proc");
        long c0 = threads.getCurrentThreadCpuTime();
        int processes = HostMonitor.Reading.now(proc).processes().size();
        long c1 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < WARM_READINGS; i++) {
            HostMonitor.Reading.now(proc);
        }
        long c2 = threads.getCurrentThreadCpuTime();
        System.out.printf(Locale.ROOT, "host monitor: one reading of %d processes took %.2f ms of CPU cold, %.2f ms"
                + " warm (mean of %d)%n", processes, (c1 - c0) / 1e6, (c2 - c1) / 1e6 / WARM_READINGS, WARM_READINGS);
        long wallStart = System.nanoTime();
        HostMonitor monitor = HostMonitor.start();
        Thread.sleep(seconds * 1000);
        long cpu = monitorCpuNanos(threads);
        double wall = (System.nanoTime() - wallStart) / 1e9;
        monitor.close();
        System.out.printf(Locale.ROOT, "host monitor over %.1f s (a reading every %d ms): its thread used %.3f ms of"
                + " CPU per second (%.3f %% of one core)%n", wall, HostMonitor.INTERVAL_MS, cpu / 1e6 / wall,
                cpu / 1e7 / wall);
    }

    /** CPU time of the running monitor thread; 0 where the JVM cannot tell. */
    private static long monitorCpuNanos(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (info.getThreadName().equals(HostMonitor.THREAD_NAME)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
