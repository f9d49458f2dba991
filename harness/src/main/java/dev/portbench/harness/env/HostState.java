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
        m.put("cgroup_cpu_quota", cgroupCpuQuota(ownCgroup(Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"))));
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
     * Where this process's CPU quota lives: cgroup v2's directory (cpu.max) and cgroup v1's cpu directory, and the
     * roots they lie under (the quota in force is the smallest on the way up to them).
     */
    record CgroupDirs(Path v2, Path v1Cpu, Path v2Root, Path v1CpuRoot) {
        CgroupDirs(Path v2, Path v1Cpu) {
            this(v2, v1Cpu, v2, v1Cpu);
        }
    }

    /**
     * This process's cgroup directories, from /proc/self/cgroup: cgroup v2's line {@code 0::/PATH} gives
     * {@code ROOT/PATH}; v1's line naming the {@code cpu} controller (e.g. {@code 4:cpu,cpuacct:/PATH}) gives
     * {@code ROOT/cpu/PATH}. Where a line is missing (or the file unreadable), the root's own.
     */
    static CgroupDirs ownCgroup(Path cgroupRoot, Path procSelfCgroup) {
        Path v2 = cgroupRoot;
        Path v1Root = cgroupRoot.resolve("cpu");
        Path v1 = v1Root;
        try {
            for (String line : Files.readAllLines(procSelfCgroup)) {
                String[] f = line.split(":", 3);
                if (f.length < 3) {
                    continue;
                }
                String relative = f[2].startsWith("/") ? f[2].substring(1) : f[2];
                if (f[0].equals("0") && f[1].isEmpty()) {
                    v2 = cgroupRoot.resolve(relative);
                } else if (List.of(f[1].split(",")).contains("cpu")) {
                    v1 = v1Root.resolve(relative);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the root's, as a process in no cgroup namespace of its own would see
        }
        return new CgroupDirs(v2, v1, cgroupRoot, v1Root);
    }

    /** The CPU quota of the cgroup under {@code cgroupRoot} (v2: ROOT/cpu.max; v1: ROOT/cpu/cpu.cfs_*). */
    static String cgroupCpuQuota(Path cgroupRoot) {
        return cgroupCpuQuota(new CgroupDirs(cgroupRoot, cgroupRoot.resolve("cpu")));
    }

    /**
     * The CPU quota in force for this process: the smallest of its cgroup's and its ancestors' up to the root (a
     * quota on a parent slice caps every cgroup below it), from cgroup v2's {@code cpu.max} ("QUOTA PERIOD", or
     * "max PERIOD" for none) or v1's {@code cpu.cfs_quota_us} and {@code cpu.cfs_period_us} (-1 for none), as cores
     * naming the cgroup that sets it, or "none". A cgroup path that does not exist here (a container that sees its
     * own cgroup as the root, as cgroup v1 Docker does) is read from its deepest directory that does.
     */
    static String cgroupCpuQuota(CgroupDirs dirs) {
        try {
            List<Path> v2 = upTo(dirs.v2(), dirs.v2Root());
            if (v2.stream().anyMatch(d -> Files.isReadable(d.resolve("cpu.max")))) {
                return smallest(v2, dirs.v2Root(), "cpu.max", d -> {
                    String[] f = Files.readString(d.resolve("cpu.max")).trim().split("\\s+");
                    return new Quota(f[0].equals("max") ? -1 : Long.parseLong(f[0]), Long.parseLong(f[1]),
                            "cgroup v2 cpu.max " + String.join(" ", f));
                });
            }
            List<Path> v1 = upTo(dirs.v1Cpu(), dirs.v1CpuRoot());
            if (v1.stream().anyMatch(d -> Files.isReadable(d.resolve("cpu.cfs_quota_us"))
                    && Files.isReadable(d.resolve("cpu.cfs_period_us")))) {
                return smallest(v1, dirs.v1CpuRoot(), "cpu.cfs_quota_us", d -> {
                    long q = Long.parseLong(Files.readString(d.resolve("cpu.cfs_quota_us")).trim());
                    long p = Long.parseLong(Files.readString(d.resolve("cpu.cfs_period_us")).trim());
                    return new Quota(q, p, q < 0 ? "cgroup v1 cfs_quota_us -1" : "cgroup v1 cfs_quota_us " + q
                            + ", cfs_period_us " + p);
                });
            }
            return "unavailable: no " + dirs.v2().resolve("cpu.max") + " or "
                    + dirs.v1Cpu().resolve("cpu.cfs_quota_us");
        } catch (IOException | RuntimeException e) {
            return "unavailable: cannot read the cgroup " + dirs + ": " + e.getMessage();
        }
    }

    /** One cgroup's quota: {@code quota} negative for none. */
    private record Quota(long quota, long period, String source) {
    }

    private interface QuotaReader {
        Quota read(Path dir) throws IOException;
    }

    /** The smallest quota over {@code dirs} that have {@code file}; "none (…)" with the own cgroup's words if none. */
    private static String smallest(List<Path> dirs, Path root, String file, QuotaReader reader) throws IOException {
        Quota least = null;
        Path where = null;
        Quota own = null;
        for (Path d : dirs) {
            if (!Files.isReadable(d.resolve(file))) {
                continue;
            }
            Quota q = reader.read(d);
            own = own == null ? q : own;
            if (q.quota() >= 0 && (least == null
                    || (double) q.quota() / q.period() < (double) least.quota() / least.period())) {
                least = q;
                where = d;
            }
        }
        if (least == null) {
            return "none (" + own.source() + ")";
        }
        String set = where.equals(dirs.get(0)) ? "" : ", set on " + (where.equals(root) ? "the root"
                : root.relativize(where).toString());
        return cores(least.quota(), least.period()) + " (" + least.source() + set + ")";
    }

    /** {@code dir}'s deepest existing directory and its parents up to {@code root}, nearest first. */
    private static List<Path> upTo(Path dir, Path root) {
        Path d = dir;
        while (!Files.isDirectory(d) && d.startsWith(root) && !d.equals(root)) {
            d = d.getParent();
        }
        List<Path> out = new java.util.ArrayList<>();
        for (; d != null && d.startsWith(root); d = d.getParent()) {
            out.add(d);
            if (d.equals(root)) {
                break;
            }
        }
        return out;
    }

    private static String cores(long quota, long period) {
        return String.format(java.util.Locale.ROOT, "%.2f cores", (double) quota / period);
    }
}
