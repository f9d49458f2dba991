package dev.portbench.harness.slurm;

/** Slurm refused or could not take a submission; the message carries Slurm's own words. */
public final class SlurmException extends RuntimeException {
    public SlurmException(String message) {
        super(message);
    }
}
