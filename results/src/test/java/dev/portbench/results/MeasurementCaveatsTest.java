package dev.portbench.results;

import dev.portbench.results.runs.SyntheticRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MeasurementCaveatsTest {

    @Test
    void aRowMeasuredSteadilyOnAQuietHostHasNone() {
        assertEquals(List.of(), MeasurementCaveats.of(SyntheticRun.okRow("dense", "ort", 1000, 5).build()));
        assertEquals(List.of(), MeasurementCaveats.of(SyntheticRun.okRow("dense", "ort", 1000, 5)
                .set(Column.HOST_BUSY, "false").set(Column.STEADY, "true")
                .set(Column.REASON, "13 forks: 10 planned and 3 more").build()));
    }

    @Test
    void eachDoubtIsNamedWithTheColumnOrNoteThatRaisedIt() {
        assertEquals(List.of("was measured on a busy host (host_busy true)",
                        "had measured iterations that still trended (steady false)",
                        "had fork means that followed the order its forks ran in: its interval is likely too narrow"),
                MeasurementCaveats.of(SyntheticRun.okRow("dense", "ort", 1000, 5)
                        .set(Column.HOST_BUSY, "true").set(Column.STEADY, "false")
                        .set(Column.REASON, "60 forks: 10 planned and 50 more; " + MeasurementCaveats.HOST_DRIFTED
                                + ": the fork means follow the order the forks ran in").build()));
    }
}
