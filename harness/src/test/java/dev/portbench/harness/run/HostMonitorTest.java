package dev.portbench.harness.run;

import dev.portbench.harness.env.BusyProcesses;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HostMonitorTest {

    @Test
    void aMeanAtTheThresholdIsBusyAndNamesTheBusiestSecond() {
        BusyProcesses quiet = new BusyProcesses(0.1, List.of());
        BusyProcesses loud = new BusyProcesses(1.3, List.of(new BusyProcesses.Busy(77, "mvn", 1.2)));
        HostMonitor.Verdict v = HostMonitor.judge(List.of(quiet, loud, quiet, loud), 0.5); // mean 0.7
        assertEquals(Boolean.TRUE, v.busy());
        assertEquals("host busy: other processes used 0.70 cores on average during the cell (threshold 0.50);"
                + " busiest second: 1.30 cores (mvn pid 77: 1.20)", v.reason());
    }

    @Test
    void belowTheThresholdIsNotBusyAndSaysNothing() {
        HostMonitor.Verdict v = HostMonitor.judge(List.of(new BusyProcesses(0.4, List.of())), 0.5);
        assertEquals(Boolean.FALSE, v.busy());
        assertEquals("", v.reason());
    }

    @Test
    void noSampleJudgesNothing() {
        assertNull(HostMonitor.judge(List.of(), 0.5).busy());
    }
}
