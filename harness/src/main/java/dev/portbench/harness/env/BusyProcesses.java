package dev.portbench.harness.env;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How busy the host was with work that is not this run's, between two readings {@code seconds} apart: the machine's
 * busy cores ({@link SystemCpu}, which counts processes too short-lived to be read) less this run's own (this JVM
 * and its descendants, cell JVMs and JMH forks, their ended children included); where /proc/stat is not readable,
 * the sum over the processes outside the run. The busiest of those are listed by name.
 */
public record BusyProcesses(double otherCores, List<Busy> top) {

    /** A process that used at least {@value #LISTED} of a core. */
    public record Busy(long pid, String name, double cores) {
    }

    static final double LISTED = 0.05;

    public static BusyProcesses between(Map<Long, ProcessCpu.Ticks> before, Map<Long, ProcessCpu.Ticks> after,
                                        double seconds, Set<Long> ours) {
        return between(before, after, seconds, ours, ours, Double.NaN);
    }

    /**
     * @param oursBefore the run's processes at the first reading, {@code oursAfter} at the second
     * @param machineBusyCores the machine's busy cores over the interval, or NaN when unknown
     */
    public static BusyProcesses between(Map<Long, ProcessCpu.Ticks> before, Map<Long, ProcessCpu.Ticks> after,
                                        double seconds, Set<Long> oursBefore, Set<Long> oursAfter,
                                        double machineBusyCores) {
        Set<Long> ours = oursAfter;
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds between readings = " + seconds + "; expected more than 0");
        }
        double total = 0;
        List<Busy> busy = new ArrayList<>();
        for (Map.Entry<Long, ProcessCpu.Ticks> e : after.entrySet()) {
            ProcessCpu.Ticks then = before.get(e.getKey());
            if (then == null || ours.contains(e.getKey()) || !then.name().equals(e.getValue().name())) {
                continue; // new, ours, or a reused pid
            }
            double cores = (e.getValue().ticks() - then.ticks()) / ProcessCpu.TICKS_PER_SECOND / seconds;
            total += cores;
            if (cores >= LISTED) {
                busy.add(new Busy(e.getKey(), e.getValue().name(), cores));
            }
        }
        busy.sort(Comparator.comparingDouble(Busy::cores).reversed());
        List<Busy> top = List.copyOf(busy.subList(0, Math.min(5, busy.size())));
        if (Double.isNaN(machineBusyCores)) {
            return new BusyProcesses(total, top);
        }
        double own = (ownTicks(after, oursAfter) - ownTicks(before, oursBefore)) / ProcessCpu.TICKS_PER_SECOND / seconds;
        return new BusyProcesses(Math.max(0, machineBusyCores - own), top);
    }

    /** The run's CPU ticks so far: its processes' own and their ended children's. */
    private static long ownTicks(Map<Long, ProcessCpu.Ticks> reading, Set<Long> ours) {
        long sum = 0;
        for (Long pid : ours) {
            ProcessCpu.Ticks t = reading.get(pid);
            if (t != null) {
                sum += t.ticks() + t.childTicks();
            }
        }
        return sum;
    }

    /** e.g. {@code 1.30 cores (java pid 812: 0.95, mvn pid 77: 0.30)}. */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.2f cores", otherCores));
        if (!top.isEmpty()) {
            s.append(" (");
            for (int i = 0; i < top.size(); i++) {
                Busy b = top.get(i);
                s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s pid %d: %.2f", b.name(), b.pid(),
                        b.cores()));
            }
            s.append(')');
        }
        return s.toString();
    }
}
