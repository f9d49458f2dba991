package dev.portbench.harness.run;

import dev.portbench.harness.env.BusyProcesses;
import dev.portbench.harness.env.SystemCpu;
import dev.portbench.harness.env.HostState;
import dev.portbench.harness.env.ProcessCpu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Watches the host while a cell runs: every {@link #INTERVAL_MS} ms, how many cores processes outside this run used
 * (the run's own JVMs, i.e. this JVM's descendants, are left out), and what share of CPU time the hypervisor stole. A
 * cell during which other processes averaged at least {@link HostState#busyThresholdCores}, or steal averaged at least
 * {@link #STEAL_BUSY}, was measured on a busy host, and its rows say so.
 */
final class HostMonitor implements AutoCloseable {
    static final long INTERVAL_MS = 1000;
    static final double STEAL_BUSY = HostState.STEAL_BUSY;

    /** One interval: other processes' cores, and the share stolen (NaN where /proc/stat has no steal). */
    record Sample(BusyProcesses processes, double stolen) {
    }

    /** Whether the host was busy (null: not judged, e.g. a cell shorter than one interval) and what was seen. */
    record Verdict(Boolean busy, String reason) {
        static final Verdict UNKNOWN = new Verdict(null, "");

        /**
         * A cell measured in rounds: busy if any round was (its forks are in the numbers), with how many and the first
         * busy round's reason; not judged only if no round was.
         */
        static Verdict overRounds(List<Verdict> rounds) {
            if (rounds.size() == 1) {
                return rounds.get(0);
            }
            int busy = 0;
            int judged = 0;
            String first = "";
            int firstRound = 0;
            for (int i = 0; i < rounds.size(); i++) {
                Verdict v = rounds.get(i);
                if (v.busy() != null) {
                    judged++;
                }
                if (Boolean.TRUE.equals(v.busy())) {
                    if (busy++ == 0) {
                        first = v.reason();
                        firstRound = i + 1;
                    }
                }
            }
            if (judged == 0) {
                return UNKNOWN;
            }
            if (busy == 0) {
                return new Verdict(false, "");
            }
            return new Verdict(true, String.format(Locale.ROOT, "%d of %d rounds on a busy host; round %d: %s", busy,
                    rounds.size(), firstRound, first));
        }
    }

    private final Path proc;
    private final Thread thread;
    private final List<Sample> samples = new ArrayList<>();
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
        java.util.Set<Long> oursBefore = HostState.ownProcesses();
        java.util.Optional<SystemCpu.Ticks> stealBefore = SystemCpu.read(proc.resolve("stat"));
        long t0 = System.nanoTime();
        while (!stop && !before.isEmpty()) {
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return; // stopped between samples: nothing half-read
            }
            if (stop) {
                return;
            }
            Map<Long, ProcessCpu.Ticks> after = ProcessCpu.read(proc);
            java.util.Optional<SystemCpu.Ticks> stealAfter = SystemCpu.read(proc.resolve("stat"));
            long t1 = System.nanoTime();
            java.util.Set<Long> oursAfter = HostState.ownProcesses();
            double seconds = (t1 - t0) / 1e9;
            boolean machine = stealBefore.isPresent() && stealAfter.isPresent();
            BusyProcesses b = BusyProcesses.between(before, after, seconds, oursBefore, oursAfter,
                    machine ? stealAfter.get().busyCoresSince(stealBefore.get(), seconds) : Double.NaN);
            double stolen = machine ? stealAfter.get().stolenSince(stealBefore.get()) : Double.NaN;
            if (stop) {
                return; // stopped while reading: the interrupt may have cut the reading short
            }
            synchronized (samples) {
                samples.add(new Sample(b, stolen));
            }
            before = after;
            oursBefore = oursAfter;
            stealBefore = stealAfter;
            t0 = t1;
        }
    }

    /** Stops watching and judges what was seen; no samples (a cell shorter than one interval) judge nothing. */
    Verdict verdict() {
        close();
        List<Sample> seen;
        synchronized (samples) {
            seen = List.copyOf(samples);
        }
        return judge(seen, HostState.busyThresholdCores(Runtime.getRuntime().availableProcessors()));
    }

    static Verdict judge(List<Sample> seen, double thresholdCores) {
        if (seen.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        double cores = 0;
        double stolen = 0;
        int stealSamples = 0;
        BusyProcesses peak = seen.get(0).processes();
        for (Sample s : seen) {
            cores += s.processes().otherCores();
            if (s.processes().otherCores() > peak.otherCores()) {
                peak = s.processes();
            }
            if (!Double.isNaN(s.stolen())) {
                stolen += s.stolen();
                stealSamples++;
            }
        }
        double meanCores = cores / seen.size();
        double meanStolen = stealSamples == 0 ? 0 : stolen / stealSamples;
        String reason = "";
        if (meanCores >= thresholdCores) {
            reason = String.format(Locale.ROOT, "host busy: other processes used %.2f cores on average during the"
                    + " cell (threshold %.2f); busiest second: %s", meanCores, thresholdCores, peak.describe());
        }
        if (meanStolen >= STEAL_BUSY) {
            reason = MeasurementNotes.join(reason, String.format(Locale.ROOT, "host busy: the hypervisor stole %.0f%%"
                    + " of the CPU time during the cell (threshold %.0f%%)", 100 * meanStolen, 100 * STEAL_BUSY));
        }
        return new Verdict(!reason.isEmpty(), reason);
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
