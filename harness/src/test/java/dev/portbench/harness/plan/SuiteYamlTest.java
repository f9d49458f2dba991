package dev.portbench.harness.plan;

import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.catalog.CatalogException;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteYamlTest {
    private static final KnownBackends BACKENDS = new KnownBackends(List.of("onnxruntime-cpu", "reference-fp64"),
            List.of("onnxruntime-cpu"));

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
    void aStabilityMeasurementTooShortOrNoDurationNamesFileLineAndField() {
        CatalogException shortOne = assertThrows(CatalogException.class, () -> read("host_stability: 500ms"));
        assertTrue(shortOne.getMessage().startsWith("t.yaml:4: host_stability: got 500ms; expected at least 1s"),
                shortOne.getMessage());
        CatalogException word = assertThrows(CatalogException.class, () -> read("host_stability: long"));
        assertTrue(word.getMessage().startsWith("t.yaml:4: host_stability: 'long' is not a duration"),
                word.getMessage());
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

    @Test
    void theNightlySuiteMeasuresTheHostFirstAndTheSmokeSuiteDoesNot() {
        ScenarioCatalog catalog = ScenarioCatalog.builtIn();
        assertEquals(Duration.ofSeconds(40), Suites.find("nightly", catalog, BACKENDS).orElseThrow().hostStability());
        assertNull(Suites.find("smoke", catalog, BACKENDS).orElseThrow().hostStability());
    }
}
