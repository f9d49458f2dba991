package dev.portbench.harness.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole machine's CPU time from the {@code cpu} line of /proc/stat: how much was busy (user, nice, system, irq,
 * softirq), which counts processes too short-lived for any process list, and how much the hypervisor gave this virtual
 * machine's CPUs to someone else ("steal"): a noisy neighbour slows a benchmark as surely as a local process does.
 */
public final class SystemCpu {

    /** Cumulative ticks of every CPU: all states together, the busy ones, and steal. */
    public record Ticks(long total, long busy, long steal) {
        /** The share of CPU time stolen between {@code earlier} and this reading, 0 to 1. */
        public double stolenSince(Ticks earlier) {
            long total = this.total - earlier.total;
            return total <= 0 ? 0 : (double) (steal - earlier.steal) / total;
        }

        /** Cores kept busy between {@code earlier} and this reading, {@code seconds} apart. */
        public double busyCoresSince(Ticks earlier, double seconds) {
            return (busy - earlier.busy) / ProcessCpu.TICKS_PER_SECOND / seconds;
        }
    }

    private SystemCpu() {
    }

    public static Optional<Ticks> read(Path procStat) {
        try {
            return parse(Files.readString(procStat));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code cpu  user nice system idle iowait irq softirq steal guest guest_nice}; kernels before 2.6.11 lack steal. */
    static Optional<Ticks> parse(String stat) {
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 9) {
                    return Optional.empty();
                }
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) { // guest time is already counted in user
                    total += Long.parseLong(f[i]);
                }
                long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                        + Long.parseLong(f[7]); // user nice system irq softirq; not idle, iowait or steal
                return Optional.of(new Ticks(total, busy, Long.parseLong(f[8])));
            }
        }
        return Optional.empty();
    }
}
