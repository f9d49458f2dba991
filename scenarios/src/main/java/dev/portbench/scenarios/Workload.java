package dev.portbench.scenarios;

/**
 * The shape of the work. Prefill: one forward pass over {@code batch} sequences of {@code seqLen} tokens. Decode: a
 * prompt of {@code seqLen} tokens (the prefill that gives the first token), then {@code newTokens} greedily generated
 * tokens, one forward step each with the KV cache.
 *
 * @param name      how suites and result rows refer to it, unique within a scenario
 * @param newTokens 0 for prefill; 1 or more for decode
 */
public record Workload(String name, Phase phase, int batch, int seqLen, int newTokens) {

    public Workload {
        SpecChecks.name("workload", name);
        if (phase == null) {
            throw new SpecException("phase", "phase is missing; expected one of " + Phase.ids());
        }
        SpecChecks.positive("batch", batch);
        SpecChecks.positive("seq_len", seqLen);
        if (phase == Phase.PREFILL && newTokens != 0) {
            throw new SpecException("new_tokens", "new_tokens = " + newTokens
                    + " on a prefill workload; expected 0 (only decode generates tokens)");
        }
        if (phase == Phase.DECODE) {
            SpecChecks.positive("new_tokens", newTokens);
        }
    }

    public static Workload prefill(int batch, int seqLen) {
        return new Workload("prefill", Phase.PREFILL, batch, seqLen, 0);
    }

    public static Workload decode(int batch, int promptLen, int newTokens) {
        return new Workload("decode", Phase.DECODE, batch, promptLen, newTokens);
    }

    public Workload named(String newName) {
        return new Workload(newName, phase, batch, seqLen, newTokens);
    }

    /** Tokens processed by one prefill forward pass (the prompt, for decode). */
    public long tokensPerForward() {
        return (long) batch * seqLen;
    }

    /** The longest context the workload reaches: the prompt plus every generated token but the last. */
    public long maxContext() {
        // in long: seq_len + new_tokens may pass Integer.MAX_VALUE, and a wrapped sum would pass any max_seq_len
        return phase == Phase.DECODE ? (long) seqLen + newTokens - 1 : seqLen;
    }
}
