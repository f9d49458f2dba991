package dev.portbench.results.gate;

/** The result of one check on one cell. Only {@link #FAIL} fails the gate. */
public enum Outcome {
    PASS,
    /** Passes, but says something a person should read (an inconclusive measurement, a cell new in the candidate). */
    WARN,
    FAIL,
    /** The check does not apply (the cell did not run in both runs). */
    SKIP
}
