package dev.portbench.scenarios;

/** The shape of the work: a batch of {@code batch} sequences of {@code seqLen} tokens. */
public record Workload(Phase phase, int batch, int seqLen) {

    public Workload {
        if (phase == null) {
            throw new SpecException("phase is missing; expected one of prefill");
        }
        SpecChecks.positive("batch", batch);
        SpecChecks.positive("seq_len", seqLen);
    }

    public static Workload prefill(int batch, int seqLen) {
        return new Workload(Phase.PREFILL, batch, seqLen);
    }

    /** Tokens processed by one forward pass. */
    public long tokensPerForward() {
        return (long) batch * seqLen;
    }
}
