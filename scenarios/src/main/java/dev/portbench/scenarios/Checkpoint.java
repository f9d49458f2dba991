package dev.portbench.scenarios;

import dev.portbench.scenarios.checkpoint.CheckpointModel;

import java.nio.file.Path;

/**
 * A scenario's weights from a local Hugging Face checkpoint folder instead of the seed: its first {@code layers}
 * layers (null: all of them).
 */
public record Checkpoint(Path dir, Integer layers) {

    public Checkpoint {
        if (dir == null) {
            throw new SpecException("checkpoint", "checkpoint folder is missing; expected a path");
        }
        dir = dir.toAbsolutePath().normalize();
        if (layers != null && layers < 1) {
            throw new SpecException("layers", "layers = " + layers + "; expected 1 or more");
        }
    }

    /** Opens it, checking every tensor the kept layers need from the headers alone. */
    public CheckpointModel open(String scenarioName) {
        return CheckpointModel.open(dir, scenarioName, layers);
    }
}
