package dev.portbench.harness.slurm;

import java.nio.file.Path;

/**
 * Where one night of a Slurm fleet lives under a root of nightly runs. The merged night is
 * {@code RUNS_ROOT/FLEET/DATE/}, laid out as scripts/nightly lays out a host's, so history and gate read it like any
 * other; the job scripts, their logs and the shards' run directories stay in {@code RUNS_ROOT/.slurm/FLEET/DATE/},
 * which the history skips (a folder whose name starts with a dot).
 */
public record SlurmNight(Path runsRoot, String fleet, String date) {

    public Path night() {
        return runsRoot.resolve(fleet).resolve(date);
    }

    public Path staging() {
        return runsRoot.resolve(".slurm").resolve(fleet).resolve(date);
    }

    public Path shard(int index) {
        return staging().resolve("shard-" + index);
    }

    public Path shardScript() {
        return staging().resolve("shards.sbatch");
    }

    public Path mergeScript() {
        return staging().resolve("merge.sbatch");
    }

    /** Slurm's own spelling of each array task's log, {@code %a} being the task's index. */
    public Path shardLogPattern() {
        return staging().resolve("shard-%a.log");
    }

    public Path mergeLog() {
        return staging().resolve("merge.log");
    }

    public Path submission() {
        return staging().resolve("submitted.json");
    }
}
