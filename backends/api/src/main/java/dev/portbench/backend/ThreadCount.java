package dev.portbench.backend;

import java.util.Locale;

/**
 * A number of threads as a user writes it: a positive integer, {@code cores} (the processors this JVM may use) or
 * {@code cores-N}, that many fewer but never below one. A count relative to the host lets one suite leave a core to
 * the harness on any machine.
 */
public final class ThreadCount {
    /** The word for the processors this JVM may use. */
    public static final String CORES = "cores";

    private ThreadCount() {
    }

    /**
     * The count {@code text} gives on a host with {@code cores} processors.
     *
     * @throws IllegalArgumentException when the text is none of the three forms (the message is {@link #expected})
     */
    public static int resolve(String text, int cores) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.equals(CORES)) {
                return cores;
            }
            if (v.startsWith(CORES + "-")) {
                int fewer = Integer.parseInt(v.substring(CORES.length() + 1));
                if (fewer > 0) {
                    return Math.max(1, cores - fewer);
                }
            } else {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return n;
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below with the expected forms
        }
        throw new IllegalArgumentException(expected(cores));
    }

    /** The count {@code text} gives on this host. */
    public static int resolve(String text) {
        return resolve(text, Runtime.getRuntime().availableProcessors());
    }

    /** What a thread count may be, for messages: "a positive integer, cores (…) or cores-N …". */
    public static String expected(int cores) {
        return "a positive integer, cores (the " + cores + " processors this JVM may use) or cores-N with N >= 1"
                + " (N fewer, never below 1), e.g. cores-1";
    }
}
