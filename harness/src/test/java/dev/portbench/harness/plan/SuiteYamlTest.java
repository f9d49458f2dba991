package dev.portbench.harness.plan;

import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.catalog.CatalogException;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteYamlTest {
    /** Takes intra_op_threads and allow_spinning; refuses spinning with one thread, as a backend may refuse a pair. */
    private static final KnownBackends BACKENDS = new KnownBackends(List.of("onnxruntime-cpu", "reference-fp64"),
            List.of("onnxruntime-cpu"), (backend, options) -> {
                for (String key : options.keySet()) {
                    if (!List.of("intra_op_threads", "allow_spinning").contains(key)) {
                        throw new IllegalArgumentException("backend " + backend + " has no option '" + key + "'");
                    }
                }
                String threads = options.get("intra_op_threads");
                if (threads != null && !threads.matches("[1-9][0-9]*|cores(-[1-9][0-9]*)?")) {
                    throw new IllegalArgumentException("option " + backend + ".intra_op_threads = '" + threads
                            + "'; expected a positive integer, cores or cores-N");
                }
                if ("1".equals(threads) && "false".equals(options.get("allow_spinning"))) {
                    throw new IllegalArgumentException("one thread with allow_spinning false");
                }
            });

    private static Suite read(String extra) {
        String yaml = String.join("\n",
                "name: t",
                "jmh: {warmup_max: 0s, iterations: 4, iteration_time: 1s, forks: 2}",
                "cell_timeout: 1m",
                extra,
                "matrix:",
                "  - scenarios: [dense-tiny]",
                "");
        return SuiteYaml.read("t.yaml", new StringReader(yaml), ScenarioCatalog.builtIn(), BACKENDS);
    }

    @Test
    void theHostsStabilityIsMeasuredOnlyWhenTheSuiteAsks() {
        assertNull(read("").hostStability());
        assertEquals(Duration.ofSeconds(40), read("host_stability: 40s").hostStability());
        Suite suite = read("host_stability: 2s");
        assertEquals(Duration.ofSeconds(2), suite.withCellTimeout(Duration.ofMinutes(3)).withBackends(List.of())
                .withJmh(suite.jmh()).hostStability(), "kept when options override the rest");
    }

    @Test
    void theStabilityMeasurementsThreadsAreACountAsWrittenOnlyBesideItsDuration() {
        assertNull(read("host_stability: 2s").hostStabilityThreads(), "every core");
        Suite suite = read("host_stability: 2s\nhost_stability_threads: cores-1");
        assertEquals("cores-1", suite.hostStabilityThreads());
        assertEquals("cores-1", suite.withJmh(suite.jmh()).withBackends(List.of()).hostStabilityThreads());
        assertEquals("3", read("host_stability: 2s\nhost_stability_threads: 3").hostStabilityThreads());
        String half = refusalOf("host_stability: 2s\nhost_stability_threads: half");
        assertTrue(half.startsWith("t.yaml:5: host_stability_threads: got 'half'; expected a positive integer, cores"
                + " (the "), half);
        assertEquals("t.yaml:4: host_stability_threads: without host_stability; expected host_stability as well (a"
                + " duration such as 40s), or no host_stability_threads", refusalOf("host_stability_threads: 1"));
    }

    @Test
    void aStabilityMeasurementTooShortOrNoDurationNamesFileLineAndField() {
        CatalogException shortOne = assertThrows(CatalogException.class, () -> read("host_stability: 500ms"));
        assertTrue(shortOne.getMessage().startsWith("t.yaml:4: host_stability: got 500ms; expected at least 1s"),
                shortOne.getMessage());
        CatalogException word = assertThrows(CatalogException.class, () -> read("host_stability: long"));
        assertTrue(word.getMessage().startsWith("t.yaml:4: host_stability: 'long' is not a duration"),
                word.getMessage());
    }

    @Test
    void backendOptionsAreReadAsTextByBackendName() {
        assertEquals(Map.of(), read("").options());
        Suite suite = read(String.join("\n", "options:",
                "  onnxruntime-cpu: {intra_op_threads: cores-1, allow_spinning: false}",
                "  onnxruntime-cpu@1.28.0:",
                "    intra_op_threads: 2"));
        assertEquals(Map.of("onnxruntime-cpu", Map.of("intra_op_threads", "cores-1", "allow_spinning", "false"),
                "onnxruntime-cpu@1.28.0", Map.of("intra_op_threads", "2")), suite.options());
        assertEquals(suite.options(), suite.withBackends(List.of("reference-fp64")).withJmh(suite.jmh())
                .withCellTimeout(Duration.ofMinutes(2)).options(), "kept when other settings are overridden");
    }

    @Test
    void badBackendOptionsAreRefusedAtTheirOwnLine() {
        assertEquals("t.yaml:5: options.tensorflow: unknown backend 'tensorflow'; expected one of: onnxruntime-cpu,"
                + " reference-fp64", refusalOf("options:\n  tensorflow: {intra_op_threads: 1}"));
        assertEquals("t.yaml:6: options.onnxruntime-cpu.intra_op_threads: option onnxruntime-cpu.intra_op_threads ="
                + " 'lots'; expected a positive integer, cores or cores-N",
                refusalOf("options:\n  onnxruntime-cpu:\n    intra_op_threads: lots"));
        assertEquals("t.yaml:7: options.onnxruntime-cpu.threads: backend onnxruntime-cpu has no option 'threads'",
                refusalOf("options:\n  onnxruntime-cpu:\n    intra_op_threads: 1\n    threads: 2"));
        assertEquals("t.yaml:5: options.onnxruntime-cpu: one thread with allow_spinning false",
                refusalOf("options:\n  onnxruntime-cpu: {intra_op_threads: 1, allow_spinning: false}"));
        assertTrue(refusalOf("options:\n  onnxruntime-cpu: {intra_op_threads: 'a;b'}").startsWith(
                "t.yaml:5: options.onnxruntime-cpu.intra_op_threads: got 'a;b'; values may not contain ';'"));
        assertTrue(refusalOf("options:\n  onnxruntime-cpu: {}").startsWith(
                "t.yaml:5: options.onnxruntime-cpu: is empty; expected KEY: VALUE options"));
        assertTrue(refusalOf("options: {}").startsWith("t.yaml:4: options: is empty; expected backends with their"
                + " options"));
        assertTrue(refusalOf("options:\n  onnxruntime-cpu: {intra_op_threads: [1, 2]}").startsWith(
                "t.yaml:5: options.onnxruntime-cpu.intra_op_threads: "));
        assertTrue(refusalOf("options:\n  reference-fp64@1.0: {intra_op_threads: 1}").contains(
                "reference-fp64 has no swappable runtime"));
    }

    private static String refusalOf(String extra) {
        return assertThrows(CatalogException.class, () -> read(extra)).getMessage();
    }

    private static String refusal(String yaml) {
        return assertThrows(CatalogException.class, () -> SuiteYaml.read("s.yaml", new StringReader(yaml),
                ScenarioCatalog.builtIn(), BACKENDS)).getMessage();
    }

    /** Each refused at its own line and field, not at "jmh:" with the settings' words. */
    @Test
    void badCountsHugeDurationsAndEmptyListsNameTheirLineAndField() {
        String jmh = "name: t\njmh:\n  warmup_max: 0s\n  iterations: %s\n  iteration_time: %s\n  forks: %s\n"
                + "cell_timeout: %s\nmatrix:\n  - scenarios: [dense-tiny]\n%s";
        assertTrue(refusal(String.format(jmh, "0", "1s", "2", "1m", "")).startsWith(
                "s.yaml:4: jmh.iterations: got 0; expected 1 or more measured iterations per fork"),
                refusal(String.format(jmh, "0", "1s", "2", "1m", "")));
        assertTrue(refusal(String.format(jmh, "4", "1s", "0", "1m", "")).startsWith(
                "s.yaml:6: jmh.forks: got 0; expected 1 or more JVMs per cell"),
                refusal(String.format(jmh, "4", "1s", "0", "1m", "")));
        assertTrue(refusal(String.format(jmh, "4", "1s", "2", "99999999999999h", "")).startsWith(
                "s.yaml:7: cell_timeout: '99999999999999h' is longer than a week; expected at most 168h"),
                refusal(String.format(jmh, "4", "1s", "2", "99999999999999h", "")));
        assertTrue(refusal(String.format(jmh, "4", "1s", "2", "1m", "    workloads: []\n")).startsWith(
                "s.yaml:10: matrix[0].workloads: is empty; expected at least one workload"),
                refusal(String.format(jmh, "4", "1s", "2", "1m", "    workloads: []\n")));
        assertTrue(refusal(String.format(jmh, "4", "1s", "2", "1m", "backends: []\n")).startsWith(
                "s.yaml:10: backends: is empty; expected at least one backend"),
                refusal(String.format(jmh, "4", "1s", "2", "1m", "backends: []\n")));
    }

    /** Refused at the file's line, not later at run selection with no word of where the name came from. */
    @Test
    void aVersionForABackendWithoutASwappableRuntimeIsRefusedAtItsLine() {
        String suite = "name: t\njmh: {warmup_max: 0s, iterations: 4, iteration_time: 1s, forks: 2}\ncell_timeout: 1m\n"
                + "backends: [%s]\nmatrix:\n  - scenarios: [dense-tiny]\n";
        String versioned = refusal(String.format(suite, "onnxruntime-cpu@1.22.0, reference-fp64@1.0"));
        assertTrue(versioned.startsWith("s.yaml:4: backends: backend 'reference-fp64@1.0': reference-fp64 has no"
                + " swappable runtime, so it takes no @VERSION; expected reference-fp64 alone, or ID@VERSION with ID"
                + " one of: onnxruntime-cpu"), versioned);
        String unknown = refusal(String.format(suite, "onnxruntime-gpu@1.22.0"));
        assertTrue(unknown.startsWith("s.yaml:4: backends: unknown backend 'onnxruntime-gpu' in"
                + " 'onnxruntime-gpu@1.22.0'; expected one of: onnxruntime-cpu, reference-fp64"), unknown);
        assertEquals(List.of("onnxruntime-cpu@1.22.0", "reference-fp64"), SuiteYaml.read("s.yaml", new StringReader(
                String.format(suite, "onnxruntime-cpu@1.22.0, reference-fp64")), ScenarioCatalog.builtIn(), BACKENDS)
                .backends());
    }

    private static String furtherForks(String keys) {
        return "name: t\njmh:\n  warmup_max: 0s\n  iterations: 4\n  iteration_time: 1s\n  forks: 10\n" + keys
                + "cell_timeout: 1m\nmatrix:\n  - scenarios: [dense-tiny]\n";
    }

    @Test
    void furtherForksNeedACapAtLeastTheForksAndATargetBetweenZeroAndOne() {
        JmhSettings both = SuiteYaml.read("s.yaml", new StringReader(furtherForks(
                "  max_forks: 30\n  target_half_width: 0.025\n")), ScenarioCatalog.builtIn(), BACKENDS).jmh();
        assertEquals(10, both.forks());
        assertEquals(30, both.maxForks());
        assertEquals(0.025, both.targetHalfWidth());
        assertTrue(both.extendsForks());
        JmhSettings capOnly = SuiteYaml.read("s.yaml", new StringReader(furtherForks("  max_forks: 20\n")),
                ScenarioCatalog.builtIn(), BACKENDS).jmh();
        assertEquals(JmhSettings.DEFAULT_TARGET_HALF_WIDTH, capOnly.targetHalfWidth());
        JmhSettings none = read("").jmh();
        assertEquals(none.forks(), none.maxForks());
        assertTrue(!none.extendsForks() && none.targetHalfWidth() == 0);
        assertEquals("JmhSettings[warmupMax=PT0S, measurementIterations=4, measurementTime=PT1S, forks=2]",
                none.toString(), "the plan's fingerprint of a suite without further forks is as before they existed");

        assertTrue(refusal(furtherForks("  max_forks: 5\n")).startsWith(
                "s.yaml:7: jmh.max_forks: got 5; expected at least forks (10)"), refusal(furtherForks("  max_forks: 5\n")));
        String target = refusal(furtherForks("  max_forks: 30\n  target_half_width: 5\n"));
        assertTrue(target.startsWith("s.yaml:8: jmh.target_half_width: got 5; expected a fraction of tokens/s between 0"
                + " and 1 (exclusive), e.g. 0.05 for 5 %"), target);
        String alone = refusal(furtherForks("  target_half_width: 0.05\n"));
        assertTrue(alone.startsWith("s.yaml:7: jmh.target_half_width: without max_forks;"), alone);
        String oneFork = refusal(furtherForks("  max_forks: 30\n").replace("forks: 10", "forks: 1"));
        assertTrue(oneFork.contains("further forks need at least 2 planned forks"), oneFork);
    }

    @Test
    void overridingTheForksKeepsTheCapAtLeastAsHighAndSettingACapTurnsTheDefaultTargetOn() {
        JmhSettings nightly = new JmhSettings(Duration.ofSeconds(15), 4, Duration.ofSeconds(1), 10, 30, 0.05);
        assertEquals(30, nightly.withForks(5).maxForks());
        assertEquals(40, nightly.withForks(40).maxForks(), "no further forks above the planned 40");
        assertTrue(!nightly.withForks(40).extendsForks());
        JmhSettings smoke = new JmhSettings(Duration.ofSeconds(1), 10, Duration.ofMillis(500), 3);
        assertEquals(2, smoke.withForks(2).maxForks(), "without further forks, none appear");
        assertTrue(!smoke.withForks(2).extendsForks() && !smoke.withForks(5).extendsForks());
        assertEquals(0.05, smoke.withForks(3, 12).targetHalfWidth());
        JmhSettings own = new JmhSettings(Duration.ofSeconds(15), 4, Duration.ofSeconds(1), 10, 30, 0.025);
        assertEquals(0.025, own.withForks(12, 50).targetHalfWidth(), "a suite's own target stays");
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> nightly.withForks(1));
        assertTrue(one.getMessage().contains("further forks need at least 2 planned forks"), one.getMessage());
    }
}
