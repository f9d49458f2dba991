package dev.portbench.harness.slurm;

import java.util.List;

/**
 * One night's submission to Slurm: an array of {@code shards} tasks (at most {@code maxParallel} at once), task I
 * running {@code portbench run --shard I/shards} of {@code suite} with {@code runOptions}, then a merge job.
 *
 * @param launcher  the portbench command the jobs run (scripts/portbench of a checkout every node sees)
 * @param gres      what each array task asks for, or null for CPU cells
 * @param timeLimit Slurm's time limit of each job ({@code --time}), or null for the partition's default
 */
public record SlurmJob(SlurmNight night, String partition, int shards, int maxParallel, String suite,
                       List<String> runOptions, String launcher, GresRequest gres, String timeLimit) {

    public SlurmJob {
        if (shards < 1) {
            throw new IllegalArgumentException("--shards " + shards + "; expected 1 or more array tasks");
        }
        if (maxParallel < 1) {
            throw new IllegalArgumentException("--max-parallel " + maxParallel + "; expected 1 or more");
        }
        runOptions = List.copyOf(runOptions);
    }
}
