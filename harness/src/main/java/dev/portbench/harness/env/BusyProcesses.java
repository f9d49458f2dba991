package dev.portbench.harness.env;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How busy the host was with work that is not this run's: from two {@link ProcessCpu} readings {@code seconds} apart,
 * the cores used by every process outside {@code ours} (this JVM and its descendants: cell JVMs and JMH forks).
 */
public record BusyProcesses(double otherCores, List<Busy> top) {

    /** A process that used at least {@value #LISTED} of a core. */
    public record Busy(long pid, String name, double cores) {
    }

    static final double LISTED = 0.05;

    public static BusyProcesses between(Map<Long, ProcessCpu.Ticks> before, Map<Long, ProcessCpu.Ticks> after,
                                        double seconds, Set<Long> ours) {
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
        return new BusyProcesses(total, List.copyOf(busy.subList(0, Math.min(5, busy.size()))));
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
