package dev.portbench.scenarios;

import dev.portbench.scenarios.catalog.CatalogException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioCatalogTest {
    private static final List<String> BUILT_IN_NAMES = List.of("dense-tiny", "moe-tiny", "mla-tiny", "dense-small", "moe-small",
            "moe-small-fused", "mla-small", "mla-small-absorbed", "dense-medium", "moe-medium", "llama-style", "mixtral-style", "qwen3-moe-style",
            "qwen3-dense-equiv", "deepseek-style", "deepseek-v3-style", "kimi-k2-style");
    private static final Set<String> MOE = Set.of("moe-tiny", "mla-tiny", "moe-small", "moe-small-fused", "moe-medium", "mixtral-style",
            "qwen3-moe-style", "deepseek-style", "deepseek-v3-style", "kimi-k2-style");

    private final ScenarioCatalog catalog = ScenarioCatalog.builtIn();

    private ModelSpec model(String name) {
        return catalog.find(name).orElseThrow().model();
    }

    @Test
    void builtInNamesAreInIndexOrder() {
        assertEquals(BUILT_IN_NAMES, catalog.names());
        assertEquals(catalog.names(), catalog.all().stream().map(Scenario::name).toList());
    }

    @Test
    void eachScenarioIsDenseOrMoeAsExpectedAndUsesTheDefaultSeed() {
        for (Scenario s : catalog.all()) {
            assertEquals(MOE.contains(s.name()), s.model().isMoe(), s.name());
            assertEquals(s.name(), s.model().name());
            assertEquals(ScenarioCatalog.DEFAULT_SEED, s.seed());
        }
    }

    @Test
    void javaEraBuiltInsKeepTheirNumbersExceptDenseTinyFfn() {
        assertEquals(new ModelSpec("dense-tiny", 256, 64, 2, 4, 2, 16, 192, null, 1e4, 1e-5, 64), model("dense-tiny"));
        assertEquals(new ModelSpec("moe-tiny", 256, 64, 2, 4, 2, 16, 0, new MoeSpec(4, 2, 64, 1), 1e4, 1e-5, 64),
                model("moe-tiny"));
        assertEquals(new ModelSpec("dense-small", 2048, 256, 4, 8, 2, 32, 768, null, 1e4, 1e-5, 256),
                model("dense-small"));
        assertEquals(new ModelSpec("moe-small", 2048, 256, 4, 8, 2, 32, 0, new MoeSpec(8, 2, 384, 0), 1e4, 1e-5, 256),
                model("moe-small"));
        assertEquals(List.of(Workload.prefill(2, 16), Workload.decode(2, 8, 8)),
                catalog.find("dense-tiny").orElseThrow().workloads());
        assertEquals(List.of(Workload.prefill(1, 128), Workload.decode(1, 64, 32)),
                catalog.find("moe-small").orElseThrow().workloads());
    }

    @Test
    void pairsHaveEqualActiveFfnWidthAndDifferOnlyInTheirFfn() {
        String[][] pairs = {{"dense-tiny", "moe-tiny"}, {"dense-small", "moe-small"}, {"dense-medium", "moe-medium"},
                {"qwen3-dense-equiv", "qwen3-moe-style"}};
        for (String[] pair : pairs) {
            ModelSpec d = model(pair[0]);
            ModelSpec m = model(pair[1]);
            MoeSpec moe = m.moe();
            assertEquals(d.ffnHidden(), (moe.topK() + moe.sharedExperts()) * moe.expertFfnHidden(), pair[0]);
            assertEquals(List.of(d.vocabSize(), d.hidden(), d.layers(), d.heads(), d.kvHeads(), d.headDim(),
                            d.maxSeqLen(), d.ropeTheta(), d.rmsNormEps()),
                    List.of(m.vocabSize(), m.hidden(), m.layers(), m.heads(), m.kvHeads(), m.headDim(),
                            m.maxSeqLen(), m.ropeTheta(), m.rmsNormEps()), pair[0]);
            assertEquals(catalog.find(pair[0]).orElseThrow().workloads(), catalog.find(pair[1]).orElseThrow().workloads());
        }
    }

    @Test
    void findOfUnknownNameIsEmpty() {
        assertFalse(catalog.find("dense-huge").isPresent());
        assertTrue(catalog.find("moe-tiny").isPresent());
    }

    @Test
    void builtInsComeFromClasspathResources() {
        assertEquals("classpath:dev/portbench/scenarios/catalog/moe-tiny.yaml", catalog.sourceOf("moe-tiny").orElseThrow());
    }

    private static final String USER_SCENARIO = """
            name: %s
            model: {vocab_size: 32, hidden: 8, layers: 1, heads: 2, kv_heads: 1, head_dim: 4, ffn_hidden: 16,
                    max_seq_len: 8}
            workloads:
              - {name: p, phase: prefill, batch: 1, seq_len: 4}
            """;

    @Test
    void withFilesAddsUserScenariosAfterTheBuiltIns(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("mine.yaml"), USER_SCENARIO.formatted("mine"));
        ScenarioCatalog c = ScenarioCatalog.withFiles(List.of(file));
        assertEquals(BUILT_IN_NAMES.size() + 1, c.names().size());
        assertEquals("mine", c.names().get(BUILT_IN_NAMES.size()));
        assertEquals(16, c.find("mine").orElseThrow().model().ffnHidden());
        assertEquals(file.toString(), c.sourceOf("mine").orElseThrow());
        assertFalse(catalog.find("mine").isPresent(), "the built-in catalog is not changed");
    }

    @Test
    void userScenarioClashingWithABuiltInNamesBothSources(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("clash.yaml"), "# mine\n" + USER_SCENARIO.formatted("moe-small"));
        CatalogException e = assertThrows(CatalogException.class, () -> ScenarioCatalog.withFiles(List.of(file)));
        assertEquals(file.toString(), e.source());
        assertEquals(2, e.line());
        assertEquals("name", e.field());
        assertTrue(e.getMessage().contains("classpath:dev/portbench/scenarios/catalog/moe-small.yaml:"), e.getMessage());
    }

    @Test
    void twoUserScenariosWithOneNameNameBothFiles(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a.yaml"), USER_SCENARIO.formatted("twin"));
        Path b = Files.writeString(dir.resolve("b.yaml"), USER_SCENARIO.formatted("twin"));
        CatalogException e = assertThrows(CatalogException.class, () -> ScenarioCatalog.withFiles(List.of(a, b)));
        assertEquals(b + ":1: name: scenario 'twin' is already defined at " + a
                + ":1; expected a name no other scenario or model uses", e.getMessage());
    }

    @Test
    void missingUserFileIsACatalogErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        CatalogException e = assertThrows(CatalogException.class, () -> ScenarioCatalog.withFiles(List.of(missing)));
        assertEquals(missing + ": cannot read the file: no such file", e.getMessage());
    }
}
