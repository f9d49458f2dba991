package dev.portbench.harness.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portbench.results.gate.DriftBudget;
import dev.portbench.results.gate.GatePolicy;
import dev.portbench.results.gate.Rule;
import dev.portbench.scenarios.catalog.CatalogException;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatePolicyYamlTest {

    @TempDir
    Path dir;

    private static GatePolicy read(String yaml) {
        return GatePolicyYaml.read("policy.yaml", new StringReader(yaml));
    }

    private static CatalogException rejected(String yaml) {
        return assertThrows(CatalogException.class, () -> read(yaml));
    }

    @Test
    void theShippedDefaultSetsEveryKey() {
        GatePolicy policy = GatePolicyYaml.defaults();
        assertEquals(0.05, policy.maxThroughputDrop());
        assertEquals(Rule.WARN, policy.inconclusive());
        assertEquals(0.10, policy.maxPeakRssGrowth());
        assertEquals(0.0, policy.maxWeightsGrowth());
        assertEquals(Rule.FAIL, policy.statusRegression());
        assertEquals(Rule.FAIL, policy.missingCells());
        assertEquals(0.0, policy.maxFallbackShare(), "no node of an accelerator backend may fall back by default");
        assertEquals(new DriftBudget(1e-5, 0.99999, 1e-6, 0.99, 0.99), policy.budget("fp32"));
        assertEquals(new DriftBudget(5e-2, 0.999, 5e-3, 0.95, 0.95), policy.budget("fp16"));
        assertEquals(new DriftBudget(1e-1, 0.99, 1e-2, 0.90, 0.90), policy.budget("some-future-dtype"));
    }

    @Test
    void aUserFileChangesOnlyWhatItSetsBoundByBound() {
        GatePolicy policy = read("""
                throughput:
                  max_drop: 0.10
                missing_cells: warn
                drift:
                  fp16:
                    max_rel_l2: 0.2
                    min_routing_agreement: null
                """);
        assertEquals(0.10, policy.maxThroughputDrop());
        assertEquals(Rule.WARN, policy.inconclusive());
        assertEquals(Rule.WARN, policy.missingCells());
        DriftBudget fp16 = policy.budget("fp16");
        assertEquals(0.2, fp16.maxRelL2());
        assertEquals(0.999, fp16.minCosine()); // kept from the default
        assertTrue(Double.isNaN(fp16.minRoutingAgreement())); // switched off
        assertEquals(GatePolicyYaml.defaults().budget("fp32"), policy.budget("fp32"));
    }

    @Test
    void errorsNameFileLineAndField() {
        assertEquals("policy.yaml:2: throughput.max_dorp: unknown key 'max_dorp'; expected one of: max_drop, "
                + "inconclusive", rejected("throughput:\n  max_dorp: 0.1\n").getMessage());
        assertEquals("policy.yaml:1: missing_cells: got 'maybe'; expected one of: fail, warn, ignore",
                rejected("missing_cells: maybe\n").getMessage());
        assertEquals("policy.yaml:2: throughput.max_drop: got 1.5; expected a fraction from 0.0 to 1.0 (exclusive), "
                + "e.g. 0.05 for 5%", rejected("throughput:\n  max_drop: 1.5\n").getMessage());
        assertTrue(rejected("drift:\n  fp64: {max_rel_l2: 0}\n").getMessage()
                .startsWith("policy.yaml:2: drift.fp64: unknown key 'fp64'; expected one of: fp32, fp16, bf16, "
                        + "int8-wo, default"));
        assertEquals("policy.yaml:3: drift.fp32.min_cosine: got 2.0; expected a number from -1.0 to 1.0, or null to "
                + "switch the bound off", rejected("drift:\n  fp32:\n    min_cosine: 2\n").getMessage());
        assertEquals("policy.yaml:1: policy_version: policy_version 2 is not supported; expected 1",
                rejected("policy_version: 2\n").getMessage());
    }

    @Test
    void thePlacementBoundIsAShareOrNullToSwitchItOff() {
        assertEquals(0.25, read("placement:\n  max_fallback_share: 0.25\n").maxFallbackShare());
        assertTrue(Double.isNaN(read("placement:\n  max_fallback_share: null\n").maxFallbackShare()));
        assertEquals(0.0, read("missing_cells: warn\n").maxFallbackShare(), "absent keeps the default");
        assertEquals("policy.yaml:2: placement.max_fallback_share: got 1.5; expected a number from 0.0 to 1.0, or null"
                + " to switch the bound off", rejected("placement:\n  max_fallback_share: 1.5\n").getMessage());
        assertEquals("policy.yaml:2: placement.max_fallback: unknown key 'max_fallback'; expected one of:"
                + " max_fallback_share", rejected("placement:\n  max_fallback: 0.1\n").getMessage());
    }

    @Test
    void changedSettingsWarnByDefaultAndTheRuleCanBeChanged() {
        assertEquals(Rule.WARN, GatePolicyYaml.defaults().settingsChanged());
        assertEquals(Rule.FAIL, read("settings:\n  changed: fail\n").settingsChanged());
        assertEquals(Rule.WARN, read("missing_cells: warn\n").settingsChanged(), "absent keeps the default");
        assertEquals("policy.yaml:2: settings.changed: got 'stop'; expected one of: fail, warn, ignore",
                rejected("settings:\n  changed: stop\n").getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        CatalogException e = assertThrows(CatalogException.class, () -> GatePolicyYaml.read(missing));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read the file: no such file"), e.getMessage());
    }

    @Test
    void theDocumentedPolicyIsTheShippedOne() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "compare-and-gate.md"));
        assertTrue(docs.contains(GatePolicyYaml.defaultText()), "docs/compare-and-gate.md quotes the default policy");
    }
}
