package dev.portbench.results;

/**
 * Outcome of one benchmark cell, written verbatim (upper case) in the {@code status} column.
 *
 * <p>Every planned cell produces a row, whatever happened to it, so a report can tell "slow" from "never ran".
 */
public enum CellStatus {
    /** The cell ran and its numbers were measured. */
    OK,
    /** The cell's JVM crashed or the backend threw; {@code reason} holds the error. */
    FAILED,
    /** The backend is not available on this host; {@code reason} says why. */
    SKIPPED,
    /** The cell exceeded its per-cell timeout and was killed. */
    TIMEOUT
}
