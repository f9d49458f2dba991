package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioCatalogTest {
    private final ScenarioCatalog catalog = ScenarioCatalog.builtIn();

    private ModelSpec model(String name) {
        return catalog.find(name).orElseThrow().model();
    }

    @Test
    void builtInNamesAreTheTinyAndSmallPairsInOrder() {
        assertEquals(List.of("dense-tiny", "moe-tiny", "dense-small", "moe-small"), catalog.names());
        assertEquals(catalog.names(), catalog.all().stream().map(Scenario::name).toList());
    }

    @Test
    void eachScenarioIsDenseOrMoeAsItsNameSaysAndUsesTheDefaultSeed() {
        for (Scenario s : catalog.all()) {
            assertEquals(s.name().startsWith("moe-"), s.model().isMoe(), s.name());
            assertEquals(s.name(), s.model().name());
            assertEquals(ScenarioCatalog.DEFAULT_SEED, s.seed());
        }
    }

    @Test
    void smallPairHasEqualDenseAndActiveExpertFfnWidth() {
        ModelSpec dense = model("dense-small");
        MoeSpec moe = model("moe-small").moe();
        assertEquals(768, dense.ffnHidden());
        assertEquals(dense.ffnHidden(), moe.topK() * moe.expertFfnHidden());
        assertEquals(0, moe.sharedExperts());
    }

    @Test
    void pairsDifferOnlyInTheirFfn() {
        for (String[] pair : new String[][] {{"dense-tiny", "moe-tiny"}, {"dense-small", "moe-small"}}) {
            ModelSpec d = model(pair[0]);
            ModelSpec m = model(pair[1]);
            assertEquals(List.of(d.vocabSize(), d.hidden(), d.layers(), d.heads(), d.kvHeads(), d.headDim(), d.maxSeqLen()),
                    List.of(m.vocabSize(), m.hidden(), m.layers(), m.heads(), m.kvHeads(), m.headDim(), m.maxSeqLen()));
            assertEquals(catalog.find(pair[0]).orElseThrow().workloads(), catalog.find(pair[1]).orElseThrow().workloads());
        }
    }

    @Test
    void findOfUnknownNameIsEmpty() {
        assertFalse(catalog.find("dense-huge").isPresent());
        assertTrue(catalog.find("moe-tiny").isPresent());
    }
}
