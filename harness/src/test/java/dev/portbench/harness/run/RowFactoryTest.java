package dev.portbench.harness.run;

import dev.portbench.harness.plan.Cell;
import dev.portbench.harness.worker.CellOutcome;
import dev.portbench.results.CellStatus;
import dev.portbench.results.Column;
import dev.portbench.results.ResultRow;
import dev.portbench.scenarios.ScenarioCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowFactoryTest {
    private final RunIdentity run = new RunIdentity("r1", "h", Instant.parse("2026-01-01T00:00:00Z"));
    private final Cell cell = new Cell(1, 1, ScenarioCatalog.builtIn().find("dense-small").orElseThrow(),
            "onnxruntime-cpu", Map.of());

    @Test
    void throughputIsForwardsPerSecondTimesTokensPerForward() {
        CellOutcome o = new CellOutcome("OK", "", "v", "cpu", "fp32", 2, Map.of("a", "1"), 3L * 1024 * 1024,
                10.0, 0.5, 100.0, 99.0, 120.0, 150.0, 42L, 512.0);
        ResultRow r = RowFactory.row(run, "smoke", cell, run.started(), CellStatus.OK, "", o, null,
                Duration.ofMillis(2500));
        assertEquals(10.0 * 1 * 128, r.decimal(Column.TOKENS_PER_S).getAsDouble()); // dense-small: 1 × 128 tokens
        assertEquals(0.5 * 128, r.decimal(Column.TOKENS_PER_S_ERROR).getAsDouble());
        assertEquals(99.0, r.decimal(Column.LATENCY_P50_MS).getAsDouble());
        assertEquals(3.0, r.decimal(Column.WEIGHTS_MB).getAsDouble());
        assertEquals(2.5, r.decimal(Column.CELL_WALL_S).getAsDouble());
        assertEquals("a=1", r.text(Column.BACKEND_OPTIONS));
        assertEquals(128, r.integer(Column.SEQ_LEN).getAsLong());
        assertTrue(r.decimal(Column.REL_L2).isEmpty(), "no drift given, none written");
    }

    @Test
    void aCellWithoutOutcomeStillNamesItsScenarioAndBackend() {
        ResultRow r = RowFactory.row(run, "smoke", cell, run.started(), CellStatus.TIMEOUT, "killed", null, null,
                Duration.ofSeconds(300));
        assertEquals("dense-small", r.text(Column.SCENARIO));
        assertEquals("onnxruntime-cpu", r.text(Column.BACKEND));
        assertEquals("killed", r.text(Column.REASON));
        assertTrue(r.decimal(Column.TOKENS_PER_S).isEmpty());
    }

    @Test
    void hostNamesAreSafeForDirectoryNames() {
        assertEquals("lab_host_1", RunIdentity.sanitise("lab host/1"));
        assertEquals("unknown-host", RunIdentity.sanitise(""));
    }

    @Test
    void cellNamesAreNumberedAndUnique() {
        assertEquals("01-dense-small-onnxruntime-cpu", cell.name());
    }
}
