package dev.portbench.harness.cli;

import dev.portbench.backend.BackendProvider;
import dev.portbench.harness.plan.ByoCell;
import dev.portbench.harness.plan.RunPlan;
import dev.portbench.scenarios.byo.ByoCheck;
import dev.portbench.scenarios.byo.ByoModel;
import dev.portbench.scenarios.byo.InputMismatchException;
import dev.portbench.scenarios.byo.OnnxSignature;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Before any work starts, checks every bring-your-own model of a plan: its input spec against the graph's real
 * inputs (names, dtypes, shapes), that it has an output drift can compare (fp32 or fp64), and its reference backend
 * against the backends found. A mismatch is a usage error (exit 2) saying what the model expects and what the spec
 * gives.
 */
final class ByoPreflight {
    private ByoPreflight() {
    }

    static void check(RunPlan plan, List<BackendProvider> providers) {
        Set<ByoModel> models = new LinkedHashSet<>();
        for (ByoCell c : plan.byoCells()) {
            models.add(c.model());
        }
        List<String> ids = providers.stream().map(BackendProvider::id).toList();
        for (ByoModel m : models) {
            if (!ids.contains(m.referenceBackend())) {
                throw new UsageException(m.source() + ": reference_backend '" + m.referenceBackend()
                        + "' is not a backend here; expected one of: " + String.join(", ", ids));
            }
            try {
                ByoCheck.against(m, OnnxSignature.read(m.onnx()));
            } catch (InputMismatchException e) {
                throw new UsageException(m.source() + ": " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                throw new UsageException(m.source() + ": cannot read the ONNX model " + m.onnx() + ": "
                        + e.getMessage());
            }
        }
    }
}
