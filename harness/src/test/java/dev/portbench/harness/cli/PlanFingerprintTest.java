package dev.portbench.harness.cli;

import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.harness.plan.RunPlan;
import dev.portbench.harness.plan.Suite;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.checkpoint.CheckpointScenario;
import dev.portbench.scenarios.checkpoint.HfConfig;
import dev.portbench.scenarios.checkpoint.TinyCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PlanFingerprintTest {
    private final List<BackendProvider> providers = Backends.discover();

    private RunPlan plan(ScenarioCatalog catalog, List<String> scenarios) {
        Suite suite = RunSelection.narrowed(RunSelection.suite("smoke", catalog, providers), scenarios, null, null,
                catalog);
        return RunPlan.of(suite, n -> catalog.find(n).orElseThrow(), List.of("reference-fp32"), Map.of());
    }

    @Test
    void theSamePlanBuiltTwiceHashesTheSame() {
        ScenarioCatalog catalog = ScenarioCatalog.builtIn();
        Map<String, String> first = PlanFingerprint.of(plan(catalog, null));
        assertEquals(first, PlanFingerprint.of(plan(ScenarioCatalog.builtIn(), null)));
        assertEquals(List.of(), PlanFingerprint.differences(first, PlanFingerprint.of(plan(catalog, null))));
        assertEquals(List.of("scenario dense-tiny's definition (no longer in the plan)", "the cells",
                "scenario mla-tiny's definition (new in the plan)"), PlanFingerprint.differences(
                PlanFingerprint.of(plan(catalog, List.of("dense-tiny"))), PlanFingerprint.of(plan(catalog,
                        List.of("mla-tiny")))));
        assertEquals(List.of(), PlanFingerprint.differences(null, first), "an older run.json: nothing to compare");
    }

    /** The scenario's YAML names only the folder: a checkpoint re-pointed at another revision must still show. */
    @Test
    void aCheckpointWhoseConfigChangedHashesOtherwise(@TempDir Path tmp) throws IOException {
        Path ckpt = new TinyCheckpoint(HfConfig.LLAMA, "F16", 2).write(tmp.resolve("Llama-Tiny"));
        String name = CheckpointScenario.name(ckpt, 1);
        Map<String, String> before = PlanFingerprint.of(plan(RunSelection.catalog(List.of(), ckpt, 1),
                List.of(name)));
        Path config = ckpt.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("{", "{\"_name_or_path\": \"revision-2\", "));
        Map<String, String> after = PlanFingerprint.of(plan(RunSelection.catalog(List.of(), ckpt, 1),
                List.of(name)));
        assertNotEquals(before.get("scenario " + name), after.get("scenario " + name));
        assertEquals(List.of("scenario " + name + "'s definition"), PlanFingerprint.differences(before, after));
        Map<String, String> same = new LinkedHashMap<>(after);
        assertEquals(List.of(), PlanFingerprint.differences(same, PlanFingerprint.of(plan(RunSelection.catalog(
                List.of(), ckpt, 1), List.of(name)))));
    }
}
