package dev.portbench.harness.telemetry;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetrySamplerTest {

    /** A device whose counter gains exactly 1 J per read and whose memory rises by 1 MiB per read. */
    private static final class CountingSource implements TelemetrySource {
        final AtomicInteger reads = new AtomicInteger();
        final int failAfter;

        CountingSource(int failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public TelemetrySample read() throws IOException {
            int n = reads.incrementAndGet();
            if (n > failAfter) {
                throw new IOException("device lost");
            }
            return new TelemetrySample(System.nanoTime(), (double) n, null, (double) n);
        }
    }

    @Test
    void startAndStopTakeTheEndsAndTheThreadSamplesBetween() throws Exception {
        CountingSource source = new CountingSource(Integer.MAX_VALUE);
        AtomicInteger rssReads = new AtomicInteger();
        // the resident set rises by 10 MiB per read, then falls back: its peak is the largest read
        TelemetrySampler sampler = new TelemetrySampler(source, Duration.ofMillis(5),
                () -> OptionalDouble.of(rssReads.incrementAndGet() < 4 ? 100.0 + 10 * rssReads.get() : 50.0));
        sampler.start();
        Thread.sleep(120);
        TelemetryReading r = sampler.stop();
        int reads = source.reads.get();
        assertEquals(reads, r.samples(), "every read is a sample of the window");
        assertTrue(reads >= 3, "the thread sampled between start and stop: " + reads + " reads");
        assertEquals(reads - 1.0, r.energyJ(), "the counter's rise from the first read to the last");
        assertEquals(reads, r.memPeakMb());
        assertTrue(r.seconds() >= 0.1, r.seconds() + " s");
        assertEquals(reads, rssReads.get(), "the resident set is read with every sample");
        assertEquals(130.0, r.rssPeakMb());
        // a second window starts afresh
        sampler.start();
        TelemetryReading again = sampler.stop();
        assertEquals(2, again.samples(), "a window shorter than the interval still has both ends");
    }

    @Test
    void aReadFailingWhileSamplingFailsTheWindowWithTheSourcesWords() throws Exception {
        TelemetrySampler sampler = new TelemetrySampler(new CountingSource(2), Duration.ofMillis(2),
                OptionalDouble::empty);
        sampler.start();
        Thread.sleep(50);
        IOException e = assertThrows(IOException.class, sampler::stop);
        assertEquals("counting failed while sampling: device lost", e.getMessage());
    }

    @Test
    void withoutADeviceTheWindowHasOnlyTimeAndTheResidentSet() throws Exception {
        TelemetrySampler sampler = new TelemetrySampler(TelemetrySource.NONE, Duration.ofMillis(5),
                () -> OptionalDouble.of(42.0));
        sampler.start();
        Thread.sleep(30);
        TelemetryReading r = sampler.stop();
        assertEquals(null, r.energyJ());
        assertEquals(null, r.memPeakMb());
        assertEquals(42.0, r.rssPeakMb());
    }

    /** A window ended early is the one the next stop returns: what happened in between is in no window. */
    @Test
    void aWindowEndedEarlyIsTheOneStopReturns() throws Exception {
        CountingSource source = new CountingSource(Integer.MAX_VALUE);
        TelemetrySampler sampler = new TelemetrySampler(source, Duration.ofSeconds(10), OptionalDouble::empty);
        sampler.start();
        sampler.endEarly();
        int readsAtEnd = source.reads.get();
        Thread.sleep(300); // the trial's teardown: no reads, and not in the window
        sampler.endEarly(); // a second end changes nothing
        TelemetryReading r = sampler.stop();
        assertEquals(2, r.samples(), "the start's read and the early end's");
        assertEquals(readsAtEnd, source.reads.get(), "nothing read after the early end");
        assertTrue(r.seconds() < 0.3, r.seconds() + " s: the 300 ms after the early end are not in the window");
        assertThrows(IllegalStateException.class, sampler::stop, "the window was returned once");
        sampler.endEarly(); // not running: nothing to end
        sampler.start();
        assertEquals(2, sampler.stop().samples(), "the next window starts afresh");
    }

    @Test
    void misuseIsSaid() throws Exception {
        TelemetrySampler sampler = new TelemetrySampler(new CountingSource(100), Duration.ofSeconds(1),
                OptionalDouble::empty);
        assertThrows(IllegalStateException.class, sampler::stop);
        sampler.start();
        assertThrows(IllegalStateException.class, sampler::start);
        sampler.stop();
        assertThrows(IllegalArgumentException.class, () -> new TelemetrySampler(new CountingSource(1), Duration.ZERO,
                OptionalDouble::empty));
    }
}
