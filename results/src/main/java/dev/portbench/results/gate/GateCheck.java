package dev.portbench.results.gate;

import java.util.Locale;

/** The checks the gate runs on every cell; each is a test case of its own in the JUnit XML. */
public enum GateCheck {
    /** The cell has a row in the candidate. */
    PRESENCE,
    /** The cell did not go from OK to FAILED, TIMEOUT or SKIPPED. */
    STATUS,
    /** tokens/s did not drop significantly by more than the policy allows. */
    THROUGHPUT,
    /** Peak RSS and weights did not grow by more than the policy allows. */
    MEMORY,
    /** The candidate's drift is within its dtype's budget. */
    DRIFT,
    /** An accelerator backend ran no more of the graph's nodes on the CPU than the policy allows. */
    PLACEMENT,
    /** The backend ran with the same options and threads on the same host and device in both runs. */
    SETTINGS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
