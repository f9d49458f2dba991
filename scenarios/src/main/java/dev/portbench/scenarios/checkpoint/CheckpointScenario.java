package dev.portbench.scenarios.checkpoint;

import dev.portbench.scenarios.Checkpoint;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.Workload;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The scenario {@code run --checkpoint DIR [--layers N]} makes: named after the folder (and the layers kept), with
 * the built-in small scenarios' workloads, shortened to the checkpoint's context where it is shorter: prefill 1 × 128,
 * and decode of 32 new tokens after a prompt of 64.
 */
public final class CheckpointScenario {
    private CheckpointScenario() {
    }

    /** @throws CheckpointException as {@link CheckpointModel#open} does */
    public static Scenario of(Path dir, Integer layers) {
        String name = name(dir, layers);
        Checkpoint checkpoint = new Checkpoint(dir, layers);
        CheckpointModel model = checkpoint.open(name);
        ModelSpec spec = model.spec();
        int prefill = Math.min(128, spec.maxSeqLen());
        int newTokens = Math.max(1, Math.min(32, spec.maxSeqLen() / 3));
        int prompt = Math.max(1, Math.min(64, spec.maxSeqLen() - newTokens + 1));
        String description = String.format(Locale.ROOT, "%s checkpoint %s: %d of %d layers",
                model.config().architecture(), checkpoint.dir().getFileName(), spec.layers(), model.checkpointLayers());
        return new Scenario(name, description, spec, List.of(new Workload("prefill", Phase.PREFILL, 1, prefill, 0),
                new Workload("decode", Phase.DECODE, 1, prompt, newTokens)), ScenarioCatalog.DEFAULT_SEED, checkpoint);
    }

    /** The folder's name in the characters scenario names allow, with {@code -Nl} when layers are cut. */
    public static String name(Path dir, Integer layers) {
        Path last = dir.toAbsolutePath().normalize().getFileName();
        String base = (last == null ? "checkpoint" : last.toString()).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "");
        return (base.isEmpty() ? "checkpoint" : base) + (layers == null ? "" : "-" + layers + "l");
    }
}
