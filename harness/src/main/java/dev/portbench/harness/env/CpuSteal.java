package dev.portbench.harness.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Time the hypervisor gave this virtual machine's CPUs to someone else ("steal", the 8th value of the {@code cpu} line
 * of /proc/stat): a noisy neighbour slows a benchmark as surely as a local process does, and no process list shows it.
 */
public final class CpuSteal {

    /** Cumulative ticks of every CPU: all states together, and steal. */
    public record Ticks(long total, long steal) {
        /** The share of CPU time stolen between {@code earlier} and this reading, 0 to 1. */
        public double stolenSince(Ticks earlier) {
            long total = this.total - earlier.total;
            return total <= 0 ? 0 : (double) (steal - earlier.steal) / total;
        }
    }

    private CpuSteal() {
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
                return Optional.of(new Ticks(total, Long.parseLong(f[8])));
            }
        }
        return Optional.empty();
    }
}
