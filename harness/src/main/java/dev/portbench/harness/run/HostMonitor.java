package dev.portbench.harness.run;

import dev.portbench.harness.env.BusyProcesses;
import dev.portbench.harness.env.HostState;
import dev.portbench.harness.env.ProcessCpu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Watches the host while a cell runs: every {@link #INTERVAL_MS} ms, how many cores processes outside this run used
 * (the run's own JVMs, i.e. this JVM's descendants, are left out). A cell during which they averaged at least
 * {@link HostState#busyThresholdCores} was measured on a busy host, and its rows say so.
 */
final class HostMonitor implements AutoCloseable {
    static final long INTERVAL_MS = 1000;

    /** Whether the host was busy (null: not judged, e.g. a cell shorter than one interval) and what was seen. */
    record Verdict(Boolean busy, String reason) {
        static final Verdict UNKNOWN = new Verdict(null, "");
    }

    private final Path proc;
    private final Thread thread;
    private final List<BusyProcesses> samples = new ArrayList<>();
    private volatile boolean stop;

    private HostMonitor(Path proc) {
        this.proc = proc;
        this.thread = new Thread(this::watch, "portbench-host-monitor");
        this.thread.setDaemon(true);
    }

    static HostMonitor start() {
        HostMonitor m = new HostMonitor(Path.of("/proc"));
        m.thread.start();
        return m;
    }

    private void watch() {
        Map<Long, ProcessCpu.Ticks> before = ProcessCpu.read(proc);
        long t0 = System.nanoTime();
        while (!stop && !before.isEmpty()) {
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
            Map<Long, ProcessCpu.Ticks> after = ProcessCpu.read(proc);
            long t1 = System.nanoTime();
            BusyProcesses b = BusyProcesses.between(before, after, (t1 - t0) / 1e9, HostState.ownProcesses());
            synchronized (samples) {
                samples.add(b);
            }
            before = after;
            t0 = t1;
        }
    }

    /** Stops watching and judges what was seen; no samples (a cell shorter than one interval) judge nothing. */
    Verdict verdict() {
        close();
        List<BusyProcesses> seen;
        synchronized (samples) {
            seen = List.copyOf(samples);
        }
        return judge(seen, HostState.busyThresholdCores(Runtime.getRuntime().availableProcessors()));
    }

    static Verdict judge(List<BusyProcesses> seen, double thresholdCores) {
        if (seen.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        double sum = 0;
        BusyProcesses peak = seen.get(0);
        for (BusyProcesses b : seen) {
            sum += b.otherCores();
            if (b.otherCores() > peak.otherCores()) {
                peak = b;
            }
        }
        double mean = sum / seen.size();
        if (mean < thresholdCores) {
            return new Verdict(false, "");
        }
        return new Verdict(true, String.format(Locale.ROOT, "host busy: other processes used %.2f cores on average"
                + " during the cell (threshold %.2f); busiest second: %s", mean, thresholdCores, peak.describe()));
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
