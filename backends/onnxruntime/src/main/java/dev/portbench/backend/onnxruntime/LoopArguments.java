package dev.portbench.backend.onnxruntime;

import dev.portbench.scenarios.LogitPositions;
import dev.portbench.scenarios.ModelIo;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.byo.OnnxSignature;

import java.io.IOException;
import java.nio.file.Path;

/** What the loop benchmarks (OrtBareLoop, OrtOverheadLoop) take from their arguments: a built-in scenario's prefill. */
final class LoopArguments {
    private LoopArguments() {
    }

    static Scenario scenario(String name) {
        return ScenarioCatalog.builtIn().find(name).orElseThrow(() -> new IllegalArgumentException("unknown scenario '"
                + name + "'; expected one of " + ScenarioCatalog.builtIn().names()));
    }

    static Workload prefill(Scenario scenario) {
        return scenario.workload("prefill").orElseThrow(() ->
                new IllegalArgumentException("scenario " + scenario.name() + " has no workload named prefill"));
    }

    /**
     * The logits the graph computes, from its declared logits shape: {@code [batch, 1, vocab]} is the graph the
     * cells' forks time (each sequence's last position); {@code [batch, seq, vocab]} the accuracy pass's.
     */
    static LogitPositions logitPositions(Path model) throws IOException {
        OnnxSignature.Tensor logits = OnnxSignature.read(model).outputs().stream()
                .filter(t -> t.name().equals(ModelIo.LOGITS)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(model + " has no output " + ModelIo.LOGITS
                        + "; expected a prefill graph portbench exported"));
        OnnxSignature.Dim positions = logits.dims().size() == 3 ? logits.dims().get(1) : null;
        if (positions == null) {
            throw new IllegalArgumentException(model + ": output " + ModelIo.LOGITS + " has shape " + logits.dims()
                    + "; expected [batch, positions, vocab]");
        }
        return positions.isFixed() && positions.size() == 1 ? LogitPositions.LAST : LogitPositions.ALL;
    }
}
