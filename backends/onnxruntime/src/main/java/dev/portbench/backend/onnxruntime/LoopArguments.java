package dev.portbench.backend.onnxruntime;

import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.Workload;

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
}
