package dev.portbench.harness.worker;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.harness.plan.BackendRef;
import dev.portbench.harness.run.RunLayout;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.LogitPositions;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.catalog.ScenarioYaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a cell JVM needs, resolved from names: the scenario as the run wrote it (run/scenarios/NAME.yaml, so user
 * files and built-ins are alike), the workload, the backend's provider and the exported graph for the cell's precision.
 */
record CellContext(Scenario scenario, Workload workload, Dtype dtype, BackendProvider provider, BackendOptions options,
                   Path onnxFile, Path lastLogitsFile) {

    static CellContext resolve(String scenarioName, String workloadName, String dtypeId, String backendId,
                               Map<String, String> options, Path runDir) {
        RunLayout layout = new RunLayout(runDir);
        Path file = layout.scenarioFile(scenarioName);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("scenario '" + scenarioName + "' has no file " + file
                    + "; the suite runner writes one per scenario before any cell starts");
        }
        Scenario scenario = ScenarioYaml.load(file);
        Workload workload = scenario.workload(workloadName).orElseThrow(() -> new IllegalArgumentException(
                "scenario " + scenarioName + " has no workload '" + workloadName + "'"));
        Dtype dtype = Dtype.fromId(dtypeId);
        BackendProvider provider = provider(backendId);
        return new CellContext(scenario, workload, dtype, provider, new BackendOptions(backendId, options),
                layout.model(scenarioName, workload.phase(), dtype),
                layout.lastLogitsModel(scenarioName, workload.phase(), dtype));
    }

    Backend createBackend() {
        return provider.create(options);
    }

    /** The provider of a backend name, {@code ID} or {@code ID@VERSION} (this JVM's class path holds that version). */
    static BackendProvider provider(String backendName) {
        String id = BackendRef.parse(backendName).id();
        return Backends.find(id).orElseThrow(() ->
                new IllegalArgumentException("no backend '" + id + "' on this JVM's class path"));
    }

    /** The accuracy pass's model: logits at every position. */
    ModelArtifact model() {
        return new ModelArtifact(scenario, workload, dtype, scenario.weights(), onnxFile);
    }

    /**
     * The model the forks time: the last position's logits only, as serving stacks run a prefill and a prompt (the
     * graph exported beside the accuracy one).
     */
    ModelArtifact timedModel() {
        return new ModelArtifact(scenario, workload, dtype, scenario.weights(), lastLogitsFile, LogitPositions.LAST);
    }

    TokenInputs inputs() {
        return scenario.inputs(workload);
    }
}
