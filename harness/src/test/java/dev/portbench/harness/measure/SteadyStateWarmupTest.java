package dev.portbench.harness.measure;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Warm-up against a synthetic clock: each call advances it by a scripted time, so the answers are exact. */
class SteadyStateWarmupTest {

    /** A clock that a fake call advances by {@code cost(now)} nanoseconds: the call's cost at that moment. */
    private static final class FakeClock {
        long now;
        int calls;
        final java.util.function.LongUnaryOperator cost;

        FakeClock(java.util.function.LongUnaryOperator cost) {
            this.cost = cost;
        }

        void call() {
            now += cost.applyAsLong(now);
            calls++;
        }
    }

    /** A JVM whose compilers never run (or do not say). */
    private static final java.util.function.LongSupplier NO_JIT = () -> 0L;
    /** A process whose resident set does not change (or a system that does not say). */
    private static final java.util.function.DoubleSupplier FLAT_RSS = () -> 500.0;

    @Test
    void aForkThatSpeedsUpOverItsFirstSecondsWarmsUpUntilTheFastPhaseIsSteady() {
        // 15 ms per call falling linearly to 5 ms over the first 3 s (code being compiled), then 5 ms: no two
        // half-second blocks are within 5% before the fast phase, so warm-up ends one second (ten windows) into it
        FakeClock clock = new FakeClock(t -> t < 3_000_000_000L ? 15_000_000L - 10_000_000L * t / 3_000_000_000L
                : 5_000_000L);
        SteadyStateWarmup.Result r = new SteadyStateWarmup(Duration.ofSeconds(30), () -> clock.now, NO_JIT, FLAT_RSS)
                .run(clock::call, () -> { });
        assertTrue(r.steady(), r.toString());
        assertTrue(r.elapsed().compareTo(Duration.ofMillis(3000)) > 0, r.toString());
        assertTrue(r.elapsed().compareTo(Duration.ofMillis(3000 + 11 * 110)) <= 0, r.toString());
    }

    @Test
    void aFlatSlowPhaseWhileTheJitIsCompilingIsNotSteadyWarmUpEndsOnceItIsQuietAndFast() {
        // 15 ms per call for 3 s while the compilers work 30 ms of every 100 ms, then 5 ms with them quiet: the
        // times are flat from the start (without the JIT condition warm-up would end after ten windows, as below),
        // but no block of windows is quiet before the compilers stop; after that the times must agree across two
        // blocks, which they do within ten windows of the fast phase
        assertEndsWithinTenWindowsOfTheFastPhase(slowForThreeSecondsThenFast(
                t -> Math.min(t, 3_000_000_000L) * 30 / 100 / 1_000_000, t -> 500));
    }

    /** Warm-up of 15 ms per call for 3 s, then 5 ms, with the compilers' milliseconds and the resident MiB at t ns. */
    private static SteadyStateWarmup.Result slowForThreeSecondsThenFast(java.util.function.LongUnaryOperator jitMs,
                                                                        java.util.function.LongToDoubleFunction rssMb) {
        FakeClock clock = new FakeClock(t -> t < 3_000_000_000L ? 15_000_000L : 5_000_000L);
        return new SteadyStateWarmup(Duration.ofSeconds(30), () -> clock.now, () -> jitMs.applyAsLong(clock.now),
                () -> rssMb.applyAsDouble(clock.now)).run(clock::call, () -> { });
    }

    private static void assertEndsWithinTenWindowsOfTheFastPhase(SteadyStateWarmup.Result r) {
        assertTrue(r.steady(), r.toString());
        assertTrue(r.elapsed().compareTo(Duration.ofMillis(3000)) > 0, r.toString());
        assertTrue(r.elapsed().compareTo(Duration.ofMillis(3000 + 10 * 110)) <= 0, r.toString());
    }

    @Test
    void compilingAFewPercentOfTheTimeInTheBackgroundDoesNotHoldWarmUpBack() {
        // 8 ms of every 100 ms compiling, under the 10 % allowed
        FakeClock clock = new FakeClock(t -> 1_000_000L);
        SteadyStateWarmup.Result r = new SteadyStateWarmup(Duration.ofSeconds(30), () -> clock.now,
                () -> clock.now * 8 / 100 / 1_000_000, FLAT_RSS).run(clock::call, () -> { });
        assertTrue(r.steady());
        assertEquals(10, r.windows());
    }

    @Test
    void aJitThatNeverGoesQuietStopsWarmUpAtTheCapAndSaysSo() {
        FakeClock clock = new FakeClock(t -> 1_000_000L);
        SteadyStateWarmup.Result r = new SteadyStateWarmup(Duration.ofSeconds(3), () -> clock.now,
                () -> clock.now * 20 / 100 / 1_000_000, FLAT_RSS).run(clock::call, () -> { });
        assertFalse(r.steady());
        assertEquals(Duration.ofSeconds(3), r.elapsed());
        assertEquals(java.util.Set.of(SteadyStateWarmup.Unsettled.JIT), r.unsettled());
    }

    @Test
    void aFlatSlowPhaseWhileTheResidentSetGrowsIsNotSteadyWarmUpEndsOnceItIsFlatAndFast() {
        // 15 ms per call for 3 s while the heap faults in 400 MiB a second, then 5 ms with the resident set flat:
        // as with the JIT, warm-up ends within ten windows of the fast phase, not ten windows into the slow one
        assertEndsWithinTenWindowsOfTheFastPhase(slowForThreeSecondsThenFast(
                t -> 0, t -> 300 + 400 * Math.min(t, 3_000_000_000L) / 1e9));
    }

    @Test
    void aResidentSetGrowingByLessThanSixteenMibAHalfSecondDoesNotHoldWarmUpBack() {
        // 30 MiB a second: 15 MiB over each block of five 100 ms windows
        FakeClock clock = new FakeClock(t -> 1_000_000L);
        SteadyStateWarmup.Result r = new SteadyStateWarmup(Duration.ofSeconds(30), () -> clock.now, NO_JIT,
                () -> 200 + 30 * clock.now / 1e9).run(clock::call, () -> { });
        assertTrue(r.steady());
        assertEquals(10, r.windows());
    }

    @Test
    void thisJvmReportsItsResidentSetOnLinux() {
        double mb = SteadyStateWarmup.residentMb().getAsDouble();
        if (System.getProperty("os.name").equals("Linux")) {
            assertTrue(mb > 10 && mb < 1 << 20, mb + " MiB");
        } else {
            assertEquals(0, mb);
        }
    }

    @Test
    void thisJvmReportsItsCompilationTimeAndItOnlyGrows() {
        java.util.function.LongSupplier jit = SteadyStateWarmup.jitMillis();
        long before = jit.getAsLong();
        assertTrue(before >= 0, "compilation time " + before);
        assertTrue(jit.getAsLong() >= before);
    }

    @Test
    void aSlowPhaseThatIsItselfFlatLooksSteadyWhichIsWhyMeasuredIterationsAreCheckedToo() {
        // 15 ms per call for 3 s, then 5 ms, the compilers quiet and the resident set flat throughout: the first
        // second is flat, so warm-up ends in the slow phase; the trend check on the measured iterations (TrendCheck)
        // is what flags such a row
        SteadyStateWarmup.Result r = slowForThreeSecondsThenFast(t -> 0, t -> 500);
        assertTrue(r.steady());
        assertEquals(10, r.windows());
    }

    @Test
    void aSteadyCallIsSteadyAfterTheMinimumOfTenWindows() {
        FakeClock clock = new FakeClock(t -> 1_000_000L);
        SteadyStateWarmup.Result r = new SteadyStateWarmup(Duration.ofSeconds(30), () -> clock.now, NO_JIT, FLAT_RSS)
                .run(clock::call, () -> { });
        assertTrue(r.steady());
        assertEquals(10, r.windows());
        assertEquals(Duration.ofMillis(1000), r.elapsed());
        assertEquals(java.util.Set.of(), r.unsettled());
    }

    @Test
    void aCallThatKeepsGettingFasterStopsAtTheCapAndSaysSo() {
        // 10% faster every 200 ms, forever: two half-second blocks are 23% apart
        FakeClock clock = new FakeClock(t -> (long) (10_000_000 * Math.pow(0.9, t / 200_000_000.0)));
        SteadyStateWarmup.Result r = new SteadyStateWarmup(Duration.ofSeconds(2), () -> clock.now, NO_JIT, FLAT_RSS)
                .run(clock::call, () -> { });
        assertFalse(r.steady());
        assertTrue(r.elapsed().compareTo(Duration.ofSeconds(2)) >= 0, r.toString());
        assertEquals(java.util.Set.of(SteadyStateWarmup.Unsettled.TIME_PER_CALL), r.unsettled());
    }

    @Test
    void whatHadNotSettledTravelsAsABitEachAndReadsAsWords() {
        java.util.Set<SteadyStateWarmup.Unsettled> all = java.util.EnumSet.allOf(SteadyStateWarmup.Unsettled.class);
        assertEquals(15, SteadyStateWarmup.Unsettled.mask(all));
        all.remove(SteadyStateWarmup.Unsettled.TOO_FEW_WINDOWS);
        assertEquals(7, SteadyStateWarmup.Unsettled.mask(all));
        assertEquals(0, SteadyStateWarmup.Unsettled.mask(java.util.Set.of()));
        assertEquals("the time per call still changing and the JIT compilers still at work and the resident set still"
                + " growing", SteadyStateWarmup.Unsettled.describe(7));
        assertEquals("the resident set still growing", SteadyStateWarmup.Unsettled.describe(
                SteadyStateWarmup.Unsettled.mask(java.util.Set.of(SteadyStateWarmup.Unsettled.RESIDENT_SET))));
        assertEquals("", SteadyStateWarmup.Unsettled.describe(0));
    }

    /**
     * A call of 4 s under a 15 s cap fills four windows: too few to compare two blocks of five, or even to judge the
     * compilers and the resident set over one, so none of those is named as unsettled.
     */
    @Test
    void aCallLongerThanATenthOfTheCapIsJudgedAsTooFewWindowsNotAsUnsettled() {
        FakeClock clock = new FakeClock(t -> 4_000_000_000L);
        long[] jit = {0};
        SteadyStateWarmup.Result r = new SteadyStateWarmup(Duration.ofSeconds(15), () -> clock.now,
                () -> jit[0] += 1000, FLAT_RSS).run(clock::call, () -> { });
        assertFalse(r.steady());
        assertEquals(4, r.windows());
        assertEquals(java.util.Set.of(SteadyStateWarmup.Unsettled.TOO_FEW_WINDOWS), r.unsettled());
        assertEquals("too few windows of 100 ms to judge whether it had settled (it compares 10: a cap under 1 s, or"
                + " calls longer than a tenth of the cap, leave fewer)",
                SteadyStateWarmup.Unsettled.describe(SteadyStateWarmup.Unsettled.mask(r.unsettled())));

        // seven windows of 2 s under the same cap: the compilers (busy 1 s a window here) are judged, the time is not
        FakeClock seven = new FakeClock(t -> 2_000_000_000L);
        SteadyStateWarmup.Result r7 = new SteadyStateWarmup(Duration.ofMillis(13_500), () -> seven.now,
                () -> jit[0] += 1000, FLAT_RSS).run(seven::call, () -> { });
        assertEquals(7, r7.windows());
        assertEquals(java.util.EnumSet.of(SteadyStateWarmup.Unsettled.TOO_FEW_WINDOWS,
                SteadyStateWarmup.Unsettled.JIT), r7.unsettled());
    }

    @Test
    void aZeroCapMeansNoWarmup() {
        FakeClock clock = new FakeClock(t -> 1_000_000L);
        SteadyStateWarmup.Result r = new SteadyStateWarmup(Duration.ZERO, () -> clock.now, NO_JIT, FLAT_RSS).run(clock::call, () -> { });
        assertEquals(0, clock.calls);
        assertFalse(r.steady());
        assertEquals(Duration.ZERO, r.elapsed());
    }

    @Test
    void steadinessComparesTheMediansOfTheLastTwoBlocksOfFiveWindows() {
        List<Double> within = List.of(9.0, 9.0, 9.0, 9.0, 9.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.4, 10.4, 10.4, 99.0, 1.0);
        assertTrue(SteadyStateWarmup.isSteady(within), "medians 10 and 10.4: within 5%");
        List<Double> apart = List.of(10.0, 10.0, 10.0, 10.0, 10.0, 10.6, 10.6, 10.6, 10.6, 10.6);
        assertFalse(SteadyStateWarmup.isSteady(apart), "medians 10 and 10.6: 6% apart");
        assertFalse(SteadyStateWarmup.isSteady(List.of(1.0, 1.0, 1.0)), "fewer than two blocks");
    }

    @Test
    void aRecheckAddsItsLengthAndWindowsAndEndsInItsOwnState() {
        SteadyStateWarmup.Result first = new SteadyStateWarmup.Result(Duration.ofMillis(10_000), 97, false,
                java.util.Set.of(SteadyStateWarmup.Unsettled.JIT));
        SteadyStateWarmup.Result recheck = new SteadyStateWarmup.Result(Duration.ofMillis(1_250), 12, true,
                java.util.Set.of());
        SteadyStateWarmup.Result both = first.then(recheck);
        assertEquals(Duration.ofMillis(11_250), both.elapsed());
        assertEquals(109, both.windows());
        assertTrue(both.steady(), "steady when the recheck ended steady");
        assertEquals(java.util.Set.of(SteadyStateWarmup.Unsettled.JIT), both.unsettled(), "the first pass's cap stays");
        assertEquals(java.util.Set.of(), recheck.then(recheck).unsettled());
        SteadyStateWarmup.Result unsettledLast = recheck.then(first);
        assertFalse(unsettledLast.steady());
        assertEquals(java.util.Set.of(SteadyStateWarmup.Unsettled.JIT), unsettledLast.unsettled());
    }
}
