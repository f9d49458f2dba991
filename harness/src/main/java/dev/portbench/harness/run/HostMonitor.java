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
import java.util.Optional;
import java.util.Set;

/**
 * Watches the host while a cell runs: every {@link #INTERVAL_MS} ms, and once more when judged, how many cores
 * processes outside this run used (the run's own JVMs, i.e. this JVM's descendants, are left out), and what share of
 * CPU time the hypervisor stole. A cell during which other processes averaged at least
 * {@link HostState#busyThresholdCores}, or steal averaged at least {@link #STEAL_BUSY}, was measured on a busy host,
 * and its rows say so. The readings are counters, so the averages are exact whatever the interval; the interval only
 * sets how fine the busiest stretch is, and it is long because each reading reads every process on the cores the
 * cell measures on (3 ms of CPU for 66 processes here, more on a lab host with thousands).
 */
final class HostMonitor implements AutoCloseable {
    static final long INTERVAL_MS = 5000;
    static final String THREAD_NAME = "portbench-host-monitor";
    /** The last stretch, read when the cell is judged, counts if it is at least this long. */
    static final long FINAL_MIN_MS = 100;
    static final double STEAL_BUSY = HostState.STEAL_BUSY;

    /** An interval of {@code seconds}: other processes' cores and the share stolen (NaN where /proc/stat has none). */
    record Sample(BusyProcesses processes, double stolen, double seconds) {
    }

    /**
     * What a reading saw (also read by {@link HostMonitorCost}): every process's ticks, the run's own processes, the
     * machine's ticks, and when.
     */
    record Reading(Map<Long, ProcessCpu.Ticks> processes, Set<Long> ours,
                   Optional<SystemCpu.Ticks> machine, long nanos) {
        static Reading now(Path proc) {
            return new Reading(ProcessCpu.read(proc), HostState.ownProcesses(), SystemCpu.read(proc.resolve("stat")),
                    System.nanoTime());
        }

        /** The interval from {@code before} to this reading. */
        Sample since(Reading before) {
            double seconds = (nanos - before.nanos) / 1e9;
            boolean both = before.machine.isPresent() && machine.isPresent();
            BusyProcesses b = BusyProcesses.between(before.processes, processes, seconds, before.ours, ours,
                    both ? machine.get().busyCoresSince(before.machine.get(), seconds) : Double.NaN);
            return new Sample(b, both ? machine.get().stolenSince(before.machine.get()) : Double.NaN, seconds);
        }
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
    /** The last complete reading: the watcher's, then, once it has stopped, the one the verdict starts from. */
    private volatile Reading last;
    private volatile boolean stop;

    private HostMonitor(Path proc) {
        this.proc = proc;
        this.thread = new Thread(this::watch, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    static HostMonitor start() {
        HostMonitor m = new HostMonitor(Path.of("/proc"));
        m.thread.start();
        return m;
    }

    private void watch() {
        Reading before = Reading.now(proc);
        if (before.processes().isEmpty()) {
            return; // no /proc: nothing to judge
        }
        last = before;
        while (!stop) {
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return; // stopped between readings: nothing half-read
            }
            if (stop) {
                return;
            }
            Reading after = Reading.now(proc);
            if (stop) {
                return; // stopped while reading: the interrupt may have cut the reading short
            }
            synchronized (samples) {
                samples.add(after.since(before));
            }
            last = after;
            before = after;
        }
    }

    /**
     * Stops watching, reads the stretch since the last reading (after the cell, so it costs the measurement nothing)
     * and judges what was seen; a cell shorter than {@link #FINAL_MIN_MS} judges nothing.
     */
    Verdict verdict() {
        close();
        List<Sample> seen;
        synchronized (samples) {
            seen = new ArrayList<>(samples);
        }
        Reading from = last;
        if (from != null && (System.nanoTime() - from.nanos()) / 1_000_000 >= FINAL_MIN_MS) {
            seen.add(Reading.now(proc).since(from));
        }
        return judge(seen, HostState.busyThresholdCores(Runtime.getRuntime().availableProcessors()));
    }

    /** The time-weighted means of the samples against the thresholds. */
    static Verdict judge(List<Sample> seen, double thresholdCores) {
        if (seen.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        double coreSeconds = 0;
        double seconds = 0;
        double stolenSeconds = 0;
        double stealSeconds = 0;
        BusyProcesses peak = seen.get(0).processes();
        for (Sample s : seen) {
            coreSeconds += s.processes().otherCores() * s.seconds();
            seconds += s.seconds();
            if (s.processes().otherCores() > peak.otherCores()) {
                peak = s.processes();
            }
            if (!Double.isNaN(s.stolen())) {
                stolenSeconds += s.stolen() * s.seconds();
                stealSeconds += s.seconds();
            }
        }
        double meanCores = seconds > 0 ? coreSeconds / seconds : 0;
        double meanStolen = stealSeconds > 0 ? stolenSeconds / stealSeconds : 0;
        String reason = "";
        if (meanCores >= thresholdCores) {
            reason = String.format(Locale.ROOT, "host busy: other processes used %.2f cores on average during the"
                    + " cell (threshold %.2f); busiest stretch: %s", meanCores, thresholdCores, peak.describe());
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
