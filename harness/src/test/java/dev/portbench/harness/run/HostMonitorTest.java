package dev.portbench.harness.run;

import dev.portbench.harness.env.BusyProcesses;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class HostMonitorTest {

    @Test
    void aMeanAtTheThresholdIsBusyAndNamesTheBusiestStretch() {
        HostMonitor.Sample quiet = new HostMonitor.Sample(new BusyProcesses(0.1, List.of()), 0.0, 5);
        HostMonitor.Sample loud = new HostMonitor.Sample(new BusyProcesses(1.3,
                List.of(new BusyProcesses.Busy(77, "mvn", 1.2))), 0.02, 5);
        HostMonitor.Verdict v = HostMonitor.judge(List.of(quiet, loud, quiet, loud), 0.5); // mean 0.7, steal 1%
        assertEquals(Boolean.TRUE, v.busy());
        assertEquals("host busy: other processes used 0.70 cores on average during the cell (threshold 0.50);"
                + " busiest stretch: 1.30 cores (mvn pid 77: 1.20)", v.reason());
    }

    /** The last stretch, read when the cell is judged, is shorter than the others: the means weigh by time. */
    @Test
    void theMeansWeighEachStretchByItsLength() {
        HostMonitor.Sample quiet = new HostMonitor.Sample(new BusyProcesses(0.1, List.of()), 0.05, 5);
        HostMonitor.Sample shortLoud = new HostMonitor.Sample(new BusyProcesses(1.3, List.of()), 0.7, 0.5);
        // cores (0.1 * 5 + 1.3 * 0.5) / 5.5 = 0.209, not the 0.70 of a plain mean; steal (0.25 + 0.35) / 5.5 = 10.9 %
        HostMonitor.Verdict v = HostMonitor.judge(List.of(quiet, shortLoud), 0.2);
        assertEquals("host busy: other processes used 0.21 cores on average during the cell (threshold 0.20);"
                + " busiest stretch: 1.30 cores; host busy: the hypervisor stole 11% of the CPU time during the cell"
                + " (threshold 10%)", v.reason());
        HostMonitor.Sample shortLoudNoSteal = new HostMonitor.Sample(new BusyProcesses(1.3, List.of()), 0.0, 0.5);
        assertEquals(new HostMonitor.Verdict(false, ""), HostMonitor.judge(List.of(quiet, shortLoudNoSteal), 0.25));
    }

    /** A cell shorter than one interval is judged all the same, from the reading taken when it is judged. */
    @Test
    void aCellShorterThanOneIntervalIsJudged() throws Exception {
        HostMonitor monitor = HostMonitor.start();
        Thread.sleep(3 * HostMonitor.FINAL_MIN_MS);
        assertNotNull(monitor.verdict().busy(), "judged from the start and final readings");
    }

    @Test
    void belowTheThresholdIsNotBusyAndSaysNothing() {
        HostMonitor.Verdict v = HostMonitor.judge(List.of(new HostMonitor.Sample(new BusyProcesses(0.4, List.of()),
                0.05, 5)), 0.5);
        assertEquals(Boolean.FALSE, v.busy());
        assertEquals("", v.reason());
    }

    @Test
    void aHypervisorStealingATenthOfTheCpuIsABusyHostThoughNoProcessShowsIt() {
        HostMonitor.Verdict v = HostMonitor.judge(List.of(
                new HostMonitor.Sample(new BusyProcesses(0.0, List.of()), 0.08, 5),
                new HostMonitor.Sample(new BusyProcesses(0.0, List.of()), 0.16, 5),
                new HostMonitor.Sample(new BusyProcesses(0.0, List.of()), Double.NaN, 5)), 0.5); // mean of known: 12%
        assertEquals(Boolean.TRUE, v.busy());
        assertEquals("host busy: the hypervisor stole 12% of the CPU time during the cell (threshold 10%)",
                v.reason());
    }

    @Test
    void noSampleJudgesNothing() {
        assertNull(HostMonitor.judge(List.of(), 0.5).busy());
    }

    @Test
    void roundsAreBusyIfAnyWasAndSayHowManyAndTheFirstBusyRoundsReason() {
        HostMonitor.Verdict quiet = new HostMonitor.Verdict(false, "");
        HostMonitor.Verdict busy = new HostMonitor.Verdict(true, "host busy: the hypervisor stole 30% of the CPU time");
        HostMonitor.Verdict merged = HostMonitor.Verdict.overRounds(List.of(quiet, busy, HostMonitor.Verdict.UNKNOWN,
                new HostMonitor.Verdict(true, "other")));
        assertEquals(Boolean.TRUE, merged.busy());
        assertEquals("2 of 4 rounds on a busy host; round 2: host busy: the hypervisor stole 30% of the CPU time",
                merged.reason());
        assertEquals(new HostMonitor.Verdict(false, ""), HostMonitor.Verdict.overRounds(List.of(quiet,
                HostMonitor.Verdict.UNKNOWN)));
        assertEquals(HostMonitor.Verdict.UNKNOWN, HostMonitor.Verdict.overRounds(List.of(HostMonitor.Verdict.UNKNOWN,
                HostMonitor.Verdict.UNKNOWN)));
        assertEquals(busy, HostMonitor.Verdict.overRounds(List.of(busy)), "one round is its own verdict");
    }
}
