package dev.portbench.scenarios;

/**
 * One layer's KV cache as the decode graph's {@code past_key_L} [batch, heads, past, keyWidth] and
 * {@code past_value_L} [batch, heads, past, valueWidth] hold it. Grouped-query attention: kv_heads keys and values of
 * head_dim. Multi-head latent attention: one "head" whose key slot is the normed latent (kv_lora_rank) and whose
 * value slot is the shared rotated key (qk_rope_head_dim), from which every head's keys and values are recomputed.
 */
public record KvCacheShape(int heads, int keyWidth, int valueWidth) {

    /** Values one position adds to one layer's cache of one sequence. */
    public long valuesPerPosition() {
        return (long) heads * (keyWidth + valueWidth);
    }

    /** [batch, heads, length, keyWidth]. */
    public long[] keys(long batch, long length) {
        return new long[] {batch, heads, length, keyWidth};
    }

    /** [batch, heads, length, valueWidth]. */
    public long[] values(long batch, long length) {
        return new long[] {batch, heads, length, valueWidth};
    }
}
