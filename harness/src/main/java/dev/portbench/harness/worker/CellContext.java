package dev.portbench.harness.worker;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.harness.run.RunLayout;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;

import java.nio.file.Path;
import java.util.Map;

/** Everything a cell JVM needs, resolved from names: the scenario, the backend's provider and the exported model. */
record CellContext(Scenario scenario, BackendProvider provider, BackendOptions options, Path onnxFile) {

    static CellContext resolve(String scenarioName, String backendId, Map<String, String> options, Path runDir) {
        Scenario scenario = ScenarioCatalog.builtIn().find(scenarioName).orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + scenarioName + "'"));
        BackendProvider provider = Backends.find(backendId).orElseThrow(() ->
                new IllegalArgumentException("no backend '" + backendId + "' on this JVM's class path"));
        return new CellContext(scenario, provider, new BackendOptions(backendId, options),
                new RunLayout(runDir).model(scenarioName));
    }

    Backend createBackend() {
        return provider.create(options);
    }

    ModelArtifact model() {
        return ModelArtifact.fp32(scenario, onnxFile);
    }
}
