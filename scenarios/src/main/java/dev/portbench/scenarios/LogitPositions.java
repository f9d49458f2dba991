package dev.portbench.scenarios;

/**
 * Which positions of a pass go through the final norm and the lm_head. Serving stacks need the next token's logits
 * only, so the graphs the forks time compute the last position's ({@link #LAST}): a prefill, and a decode workload's
 * prompt pass (its steps have one position anyway); the accuracy pass keeps every position's ({@link #ALL}), which
 * drift is measured on. On the one-layer real-width scenarios the head over every position was most of a prefill's
 * FLOPs (about 84 % of qwen3-moe-style's).
 */
public enum LogitPositions {
    /** logits [batch, seq, vocab]: the accuracy pass. */
    ALL,
    /** logits [batch, 1, vocab], of each sequence's last position: the timed graphs. */
    LAST;

    /** Positions of one sequence whose logits a pass of {@code seqLen} tokens computes. */
    public int count(int seqLen) {
        return this == ALL ? seqLen : 1;
    }
}
