package dev.portbench.harness.telemetry;

import dev.portbench.backend.TelemetryTarget;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Locale;

/**
 * What the telemetry sampler costs, measured directly rather than through the noise of benchmark scores: runs a
 * sampler on this host's source for a target kind (or the resident set alone where none opens) for a while and prints
 * the CPU time its thread used per second of wall time. {@code scripts/telemetry-overhead} runs it.
 *
 * <pre>java -cp … dev.portbench.harness.telemetry.SamplerCost [HOST_CPU|NVIDIA_GPU|ASCEND_NPU] [SECONDS]</pre>
 */
public final class SamplerCost {
    private SamplerCost() {
    }

    public static void main(String[] args) throws Exception {
        TelemetryTarget.Kind kind = args.length > 0 ? TelemetryTarget.Kind.valueOf(args[0])
                : TelemetryTarget.Kind.HOST_CPU;
        Duration window = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        TelemetrySources.Opened opened = TelemetrySources.open(new TelemetryTarget(kind, 0));
        TelemetrySource source = opened.ok() ? opened.source() : TelemetrySource.NONE;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        TelemetrySampler sampler = new TelemetrySampler(source, TelemetrySampler.DEFAULT_INTERVAL,
                () -> ProcStatus.mb(ProcStatus.RESIDENT));
        long wallStart = System.nanoTime();
        sampler.start();
        Thread.sleep(window.toMillis());
        long cpu = samplerCpuNanos(threads);
        TelemetryReading reading = sampler.stop();
        double wall = (System.nanoTime() - wallStart) / 1e9;
        System.out.printf(Locale.ROOT, "sampler on %s (%s): %d samples in %.1f s, its thread used %.3f ms of CPU per"
                        + " second (%.4f %% of one core)%n", kind, opened.ok() ? source.name()
                        : "resident set only: " + opened.reason(), reading.samples(), wall, cpu / 1e6 / wall,
                cpu / 1e7 / wall);
    }

    /** CPU time of the running sampler thread (named portbench-telemetry-…); 0 where the JVM cannot tell. */
    private static long samplerCpuNanos(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith("portbench-telemetry-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
