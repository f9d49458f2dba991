package dev.portbench.results.gate;

import dev.portbench.results.runs.CellKey;

import java.util.Objects;

/** One check on one cell: what the gate decided and, in words, why. */
public record CheckResult(CellKey cell, GateCheck check, Outcome outcome, String message) {

    public CheckResult {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }
}
