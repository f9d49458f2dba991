package dev.portbench.harness.worker;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.OutputTensor;
import dev.portbench.harness.run.RunLayout;
import dev.portbench.results.Npy;
import dev.portbench.scenarios.byo.ByoModel;
import dev.portbench.scenarios.byo.InputTensor;
import dev.portbench.scenarios.catalog.ByoFile;
import dev.portbench.scenarios.catalog.CatalogFile;
import dev.portbench.scenarios.catalog.ScenarioYaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bring-your-own model's cell, resolved from the user's YAML file (read in place, so its relative paths hold): the
 * model, its materialised inputs and the backend's provider.
 */
record ByoCellContext(ByoModel model, List<InputTensor> inputs, BackendProvider provider, BackendOptions options) {

    static ByoCellContext resolve(Path byoFile, String backendId, Map<String, String> options) {
        CatalogFile file = ScenarioYaml.readAny(byoFile);
        if (!(file instanceof ByoFile byo)) {
            throw new IllegalArgumentException(byoFile + " describes a portbench scenario, not a bring-your-own model");
        }
        BackendProvider provider = CellContext.provider(backendId);
        return new ByoCellContext(byo.model(), byo.model().materialiseInputs(), provider,
                new BackendOptions(backendId, options));
    }

    Backend createBackend() {
        return provider.create(options);
    }

    /** output-NN.npy per floating-point output in graph order, and outputs.txt naming them. */
    static void writeOutputs(Path dir, Map<String, OutputTensor> outputs) throws IOException {
        Files.createDirectories(dir);
        List<String> names = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, OutputTensor> e : outputs.entrySet()) {
            Path file = dir.resolve(RunLayout.byoOutput(i++));
            OutputTensor t = e.getValue();
            if (t.isDouble()) {
                Npy.write(file, t.shape(), t.doubles());
            } else {
                Npy.write(file, t.shape(), t.floats());
            }
            names.add(e.getKey());
        }
        Files.write(dir.resolve("outputs.txt"), names, StandardCharsets.UTF_8);
    }
}
