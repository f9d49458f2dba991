package dev.portbench.harness.telemetry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Samples a {@link TelemetrySource} and this JVM's resident set on a daemon thread of its own at a fixed interval
 * between {@link #start} and {@link #stop}, which take the window's first and last samples themselves, so a window
 * shorter than the interval still has both ends. Runs beside the timed calls: it only sleeps and reads counters.
 */
public final class TelemetrySampler {
    /** The default interval: NVML refreshes power about every 100 ms; finer sampling reads the same value again. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    private final TelemetrySource source;
    private final Duration interval;
    private final Supplier<OptionalDouble> residentMb;
    private final List<TelemetrySample> samples = new ArrayList<>();
    private Double rssPeakMb;
    private Thread thread;
    private volatile boolean running;
    private volatile String failure;
    private boolean endedEarly;
    private TelemetryReading early;
    private IOException earlyFailure;

    /**
     * @param source     the device ({@link TelemetrySource#NONE} for the resident set alone)
     * @param residentMb this JVM's resident set now, empty where it cannot be read
     */
    public TelemetrySampler(TelemetrySource source, Duration interval, Supplier<OptionalDouble> residentMb) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sampling interval " + interval + "; expected a positive duration");
        }
        this.source = source;
        this.interval = interval;
        this.residentMb = residentMb;
    }

    /** Reads the device and the resident set once, into the window. */
    private void take() throws IOException {
        TelemetrySample s = source.read();
        OptionalDouble rss = residentMb.get();
        synchronized (this) {
            samples.add(s);
            if (rss.isPresent() && (rssPeakMb == null || rss.getAsDouble() > rssPeakMb)) {
                rssPeakMb = rss.getAsDouble();
            }
        }
    }

    public synchronized void start() throws IOException {
        if (thread != null) {
            throw new IllegalStateException("the sampler is already running; stop it first");
        }
        samples.clear();
        rssPeakMb = null;
        failure = null;
        take();
        running = true;
        thread = new Thread(this::loop, "portbench-telemetry-" + source.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long next = System.nanoTime() + interval.toNanos();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return; // stop() interrupts the sleep
                }
            }
            next += interval.toNanos();
            if (!running) {
                return;
            }
            try {
                take();
            } catch (IOException | RuntimeException e) {
                if (running) { // a read cut short by stop() is no failure
                    failure = source.name() + " failed while sampling: " + e.getMessage();
                }
                return;
            }
        }
    }

    /**
     * Stops sampling and summarises the window; throws with the source's words if a read failed. After
     * {@link #endEarly}, the window it ended.
     */
    public TelemetryReading stop() throws IOException {
        synchronized (this) {
            if (endedEarly) {
                endedEarly = false;
                IOException failed = earlyFailure;
                TelemetryReading reading = early;
                early = null;
                earlyFailure = null;
                if (failed != null) {
                    throw failed;
                }
                return reading;
            }
        }
        return stopNow();
    }

    /**
     * Ends the window now, for the next {@link #stop} to return: what follows until then (JMH's trial teardown, which
     * runs inside the last measured iteration and frees the backend) is no measured call. Does nothing when the
     * sampler is not running.
     */
    public void endEarly() {
        synchronized (this) {
            if (thread == null || endedEarly) {
                return;
            }
        }
        TelemetryReading reading = null;
        IOException failed = null;
        try {
            reading = stopNow();
        } catch (IOException e) {
            failed = e;
        }
        synchronized (this) {
            early = reading;
            earlyFailure = failed;
            endedEarly = true;
        }
    }

    private TelemetryReading stopNow() throws IOException {
        Thread t;
        synchronized (this) {
            if (thread == null) {
                throw new IllegalStateException("the sampler was not started");
            }
            t = thread;
            running = false;
        }
        t.interrupt();
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            thread = null;
            if (failure != null) {
                throw new IOException(failure);
            }
            take();
            return TelemetryWindow.of(List.copyOf(samples)).withRssPeak(rssPeakMb);
        }
    }
}
