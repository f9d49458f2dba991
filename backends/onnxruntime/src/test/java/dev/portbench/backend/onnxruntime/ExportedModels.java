package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.ModelArtifact;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.LogitPositions;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.onnx.OnnxExporter;

import java.io.IOException;
import java.nio.file.Path;

/** A built-in scenario's graph for one workload and precision, exported into a test's folder, as a cell gets it. */
final class ExportedModels {
    private ExportedModels() {
    }

    static ModelArtifact export(Path dir, String scenario, String workload, Dtype dtype) throws IOException {
        Scenario s = ScenarioCatalog.builtIn().find(scenario).orElseThrow();
        Workload w = s.workload(workload).orElseThrow();
        Path onnx = dir.resolve(scenario + "-" + workload + "-" + dtype.id() + ".onnx");
        OnnxExporter.export(s.weights(), dtype, w.phase(), onnx);
        return new ModelArtifact(s, w, dtype, s.weights(), onnx);
    }

    /** The graph a cell's forks time: the last position's logits only. */
    static ModelArtifact exportLastLogits(Path dir, String scenario, String workload, Dtype dtype) throws IOException {
        Scenario s = ScenarioCatalog.builtIn().find(scenario).orElseThrow();
        Workload w = s.workload(workload).orElseThrow();
        Path onnx = dir.resolve(scenario + "-" + workload + "-last-" + dtype.id() + ".onnx");
        OnnxExporter.export(s.weights(), dtype, w.phase(), LogitPositions.LAST, onnx);
        return new ModelArtifact(s, w, dtype, s.weights(), onnx, LogitPositions.LAST);
    }
}
