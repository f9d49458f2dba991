package dev.portbench.scenarios;

/**
 * Which positions of a prefill pass go through the final norm and the lm_head. Serving stacks need the next token's
 * logits only, so the timed prefill graph computes the last position's ({@link #LAST}); the accuracy pass keeps every
 * position's ({@link #ALL}), which drift is measured on. On the one-layer real-width scenarios the head over every
 * position was most of a prefill's FLOPs (about 84 % of qwen3-moe-style's).
 */
public enum LogitPositions {
    /** logits [batch, seq, vocab]: the accuracy pass, and the decode graph (whose steps have seq = 1). */
    ALL,
    /** logits [batch, 1, vocab], of each sequence's last position: a prefill workload's timed graph. */
    LAST;

    /** Positions of one sequence whose logits a pass of {@code seqLen} tokens computes. */
    public int count(int seqLen) {
        return this == ALL ? seqLen : 1;
    }
}
