package dev.portbench.results.gate;

import java.util.Locale;

/** What the gate does when a policy condition is met: fail the gate, warn, or let it pass silently. */
public enum Rule {
    FAIL, WARN, IGNORE;

    /** The policy-file spelling, e.g. {@code warn}. */
    public String yaml() {
        return name().toLowerCase(Locale.ROOT);
    }
}
