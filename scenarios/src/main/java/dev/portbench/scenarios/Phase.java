package dev.portbench.scenarios;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What part of inference a workload measures. */
public enum Phase {
    /** One forward pass over the whole prompt: batch × seq_len tokens at once. */
    PREFILL,
    /** A prompt of seq_len tokens, then new_tokens greedy steps of one token each, reusing the KV cache. */
    DECODE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Phase fromId(String id) {
        for (Phase p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new SpecException("phase", "phase = '" + id + "'; expected one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(Phase::id).collect(Collectors.joining(", "));
    }
}
