package dev.portbench.scenarios;

import dev.portbench.scenarios.checkpoint.CheckpointModel;

import java.nio.file.Path;

/**
 * A scenario's weights from a local Hugging Face checkpoint folder instead of the seed: its first {@code layers}
 * layers (null: all of them), its MoE layers exported as {@code moeOp} says.
 */
public record Checkpoint(Path dir, Integer layers, MoeOp moeOp) {

    /** The per-expert loop export. */
    public Checkpoint(Path dir, Integer layers) {
        this(dir, layers, MoeOp.LOOP);
    }

    public Checkpoint {
        if (dir == null) {
            throw new SpecException("checkpoint", "checkpoint folder is missing; expected a path");
        }
        moeOp = moeOp == null ? MoeOp.LOOP : moeOp;
        dir = dir.toAbsolutePath().normalize();
        if (layers != null && layers < 1) {
            throw new SpecException("layers", "layers = " + layers + "; expected 1 or more");
        }
    }

    /** Opens it, checking every tensor the kept layers need from the headers alone. */
    public CheckpointModel open(String scenarioName) {
        return CheckpointModel.open(dir, scenarioName, layers, moeOp);
    }
}
