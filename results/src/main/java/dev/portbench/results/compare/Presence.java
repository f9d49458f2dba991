package dev.portbench.results.compare;

import java.util.Locale;

/** Whether a cell has a row in both runs or in one only. */
public enum Presence {
    BOTH, BASELINE_ONLY, CANDIDATE_ONLY;

    public String csv() {
        return name().toLowerCase(Locale.ROOT);
    }
}
