package dev.portbench.scenarios;

import java.util.Locale;

/** What part of inference a workload measures. */
public enum Phase {
    /** One forward pass over the whole prompt: batch × seq_len tokens at once. */
    PREFILL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
