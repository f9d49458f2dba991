package dev.portbench.harness.plan;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in suites. {@code smoke} answers "does everything run, and roughly how fast" in a couple of minutes on a
 * 2-core machine; {@code nightly} spends longer per cell (more iterations, two forks) for numbers worth comparing.
 */
public final class Suites {
    private static final Map<String, Suite> BUILT_IN = new LinkedHashMap<>();

    static {
        add(new Suite("smoke", "the small dense/MoE pair, short JMH runs",
                List.of("dense-small", "moe-small"),
                new JmhSettings(1, Duration.ofSeconds(1), 3, Duration.ofSeconds(1), 1),
                Duration.ofMinutes(5)));
        add(new Suite("nightly", "every built-in scenario, longer JMH runs in two forks",
                List.of("dense-tiny", "moe-tiny", "dense-small", "moe-small"),
                new JmhSettings(3, Duration.ofSeconds(2), 5, Duration.ofSeconds(2), 2),
                Duration.ofMinutes(30)));
    }

    private Suites() {
    }

    private static void add(Suite s) {
        BUILT_IN.put(s.name(), s);
    }

    public static Optional<Suite> find(String name) {
        return Optional.ofNullable(BUILT_IN.get(name));
    }

    public static List<Suite> all() {
        return List.copyOf(BUILT_IN.values());
    }

    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }
}
