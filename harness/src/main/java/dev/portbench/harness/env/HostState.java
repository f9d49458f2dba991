package dev.portbench.harness.env;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What else the host was doing, for env.json at a run's start and end: load average, CPU frequency governors, the
 * cgroup's CPU quota, and the processes outside this run that used CPU over a short sample. Each reading says why it
 * is missing where the host does not offer it. Paths are parameters so the parsers run on recorded files in tests.
 */
public final class HostState {
    /** A tenth of the CPU time taken by the hypervisor makes a host busy, whatever runs locally. */
    public static final double STEAL_BUSY = 0.10;

    /** Other processes using more than this many cores (at least half a core, or a tenth of the host) make it busy. */
    public static double busyThresholdCores(int cores) {
        return Math.max(0.5, 0.1 * cores);
    }

    private HostState() {
    }

    /** The state now, sampling other processes for {@code sampleMillis}. */
    public static Map<String, Object> capture(long sampleMillis) {
        Path proc = Path.of("/proc");
        Map<Long, ProcessCpu.Ticks> before = ProcessCpu.read(proc);
        java.util.Optional<SystemCpu.Ticks> stealBefore = SystemCpu.read(proc.resolve("stat"));
        long t0 = System.nanoTime();
        try {
            Thread.sleep(sampleMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<Long, ProcessCpu.Ticks> after = ProcessCpu.read(proc);
        java.util.Optional<SystemCpu.Ticks> stealAfter = SystemCpu.read(proc.resolve("stat"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("captured_utc", java.time.Instant.now().toString());
        m.put("load_average", loadAverage(proc.resolve("loadavg")));
        m.put("cpu_governors", governors(Path.of("/sys/devices/system/cpu")));
        m.put("cgroup_cpu_quota", cgroupCpuQuota(Path.of("/sys/fs/cgroup")));
        m.put("cpu_steal_share", stealBefore.isPresent() && stealAfter.isPresent()
                ? (Object) stealAfter.get().stolenSince(stealBefore.get()) : "unavailable: no steal in /proc/stat");
        if (after.isEmpty()) {
            m.put("other_processes", "unavailable: no readable /proc");
            return m;
        }
        Set<Long> ours = ownProcesses();
        double machineBusy = stealBefore.isPresent() && stealAfter.isPresent()
                ? stealAfter.get().busyCoresSince(stealBefore.get(), seconds) : Double.NaN;
        BusyProcesses busy = BusyProcesses.between(before, after, seconds, ours, ours, machineBusy);
        m.put("other_processes_cores", busy.otherCores());
        m.put("other_processes", busy.describe());
        double stolen = stealBefore.isPresent() && stealAfter.isPresent()
                ? stealAfter.get().stolenSince(stealBefore.get()) : 0;
        // the same rule as a cell's host_busy (HostMonitor)
        m.put("busy", busy.otherCores() >= busyThresholdCores(cores) || stolen >= STEAL_BUSY);
        m.put("busy_threshold_cores", busyThresholdCores(cores));
        return m;
    }

    /** This JVM and its descendants: the run's own work. */
    public static Set<Long> ownProcesses() {
        Set<Long> ours = new java.util.HashSet<>();
        ours.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(p -> ours.add(p.pid()));
        return ours;
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or why not. */
    static Object loadAverage(Path loadavg) {
        try {
            String[] f = Files.readString(loadavg).trim().split("\\s+");
            return List.of(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        } catch (IOException | RuntimeException e) {
            return "unavailable: cannot read " + loadavg;
        }
    }

    /** The distinct scaling governors of the CPUs under {@code cpuDir} (e.g. [performance]), or why none. */
    static Object governors(Path cpuDir) {
        Set<String> found = new TreeSet<>();
        try (DirectoryStream<Path> cpus = Files.newDirectoryStream(cpuDir, "cpu[0-9]*")) {
            for (Path cpu : cpus) {
                Path g = cpu.resolve("cpufreq").resolve("scaling_governor");
                if (Files.isReadable(g)) {
                    found.add(Files.readString(g).trim());
                }
            }
        } catch (IOException e) {
            return "unavailable: cannot read " + cpuDir;
        }
        return found.isEmpty() ? "unavailable: no cpufreq governor under " + cpuDir + " (virtual machine or"
                + " frequency scaling off)" : List.copyOf(found);
    }

    /**
     * The CPU quota of this process's cgroup: cgroup v2's {@code cpu.max} ("QUOTA PERIOD", or "max PERIOD" for none)
     * or v1's {@code cpu/cpu.cfs_quota_us} and {@code cpu.cfs_period_us} (-1 for none), as cores, or "none".
     */
    static String cgroupCpuQuota(Path cgroupRoot) {
        try {
            Path v2 = cgroupRoot.resolve("cpu.max");
            if (Files.isReadable(v2)) {
                String[] f = Files.readString(v2).trim().split("\\s+");
                return f[0].equals("max") ? "none (cgroup v2 cpu.max " + String.join(" ", f) + ")"
                        : cores(Long.parseLong(f[0]), Long.parseLong(f[1])) + " (cgroup v2 cpu.max " + String.join(" ", f)
                        + ")";
            }
            Path quota = cgroupRoot.resolve("cpu").resolve("cpu.cfs_quota_us");
            Path period = cgroupRoot.resolve("cpu").resolve("cpu.cfs_period_us");
            if (Files.isReadable(quota) && Files.isReadable(period)) {
                long q = Long.parseLong(Files.readString(quota).trim());
                long p = Long.parseLong(Files.readString(period).trim());
                return q < 0 ? "none (cgroup v1 cfs_quota_us -1)" : cores(q, p) + " (cgroup v1 cfs_quota_us " + q
                        + ", cfs_period_us " + p + ")";
            }
            return "unavailable: no cpu.max or cpu/cpu.cfs_quota_us under " + cgroupRoot;
        } catch (IOException | RuntimeException e) {
            return "unavailable: cannot read the cgroup under " + cgroupRoot + ": " + e.getMessage();
        }
    }

    private static String cores(long quota, long period) {
        return String.format(java.util.Locale.ROOT, "%.2f cores", (double) quota / period);
    }
}
