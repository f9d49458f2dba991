package dev.portbench.scenarios;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The work of one forward pass of portbench's decoder (docs/model.md), counted from the {@link ModelSpec}: the
 * numerator and denominator of a roofline's arithmetic intensity.
 *
 * <p><b>FLOPs</b>: 2 per multiply-add of every matrix product, as roofline peaks are quoted.
 * <ul>
 *   <li>Per token and layer: the q, k, v and o projections; the FFN's gate, up and down (dense: width ffn_hidden;
 *       MoE: the router, hidden × experts, plus top_k routed and every shared expert of width expert_ffn_hidden,
 *       since both implementations dispatch each token to its own experts only).</li>
 *   <li>The lm_head on the positions whose logits the pass returns ({@link LogitPositions}): every position for the
 *       accuracy pass, the last only for the graphs the forks time (a prefill, a decode workload's prompt pass), as
 *       serving stacks run them.</li>
 *   <li>Attention, per query head: QK^T and the weighted sum of V over the causal positions only, query i (at
 *       position past + i) against past + i + 1 keys, as the reference decoder loops. The ONNX graph scores the whole
 *       [seq, past + seq] rectangle and masks it; the masked part (about half of a prefill's) is not counted, being
 *       no work the model needs.</li>
 *   <li>MLA, naive form: the query path, the joint down-projection and o per token; kv_b per position of the whole
 *       context, since each pass decompresses every cached latent again. Absorbed form: no decompression; per token
 *       and head kv_b's key half on the query and its value half on the output; per key and head a score over
 *       kv_lora_rank + qk_rope_head_dim and a sum over kv_lora_rank.</li>
 *   <li>Left out: element-wise work (RMSNorm, RoPE, the scale and softmax, SiLU and its product, residual adds, the
 *       MoE weighting). Per token it grows with the widths where the products grow with their squares; on dense-small's
 *       prefill it is about 0.6 % of the every-position count, 0.7 % of the last-position one (ForwardCostTest).</li>
 * </ul>
 *
 * <p><b>Bytes</b>: what must move from memory once per pass, in the dtype's storage ({@link Dtype#bytes}, so
 * int8-wo scales and the fp32 router of 16-bit models count as stored).
 * <ul>
 *   <li>Weights touched: every tensor of the {@link WeightLayout}, except that the embedding counts only the rows
 *       looked up (batch × tokens, at most vocab; repeated ids are not deduplicated, the ids being unknown here) and
 *       an MoE layer only the routed experts a pass can reach, min(experts, tokens in the pass × top_k) of them (all
 *       experts are the same size, so which ones does not matter). That is exact where each token's experts are all
 *       distinct from the others' (a decode step of batch 1) or every expert is surely hit, and an upper bound where
 *       the tokens share experts (qwen3-moe-style's 16-token prefill reaches about 82 of 128 under uniform routing,
 *       not 128), since the routing is not known here. The router and shared experts always count.</li>
 *   <li>KV cache: a pass reads the past's keys and values and writes its own positions', 2 × layers × kv_heads ×
 *       head_dim elements per position and sequence (MLA: layers × (kv_lora_rank + qk_rope_head_dim)); 2 bytes each in fp16/bf16, 4 otherwise (int8-wo quantises
 *       weights only, its cache is fp32). A prefill (empty past) counts the keys and values it produces, which the
 *       decode graph returns as the cache. Both implementations copy the whole cache into a longer one each step
 *       (Concat, a new array); that copy is not counted, as the count is the floor a pass must move.</li>
 *   <li>Left out: activations, which a fused kernel can keep on chip, and the RoPE tables and mask, which are
 *       small.</li>
 * </ul>
 *
 * @param flops floating-point operations (2 per multiply-add)
 * @param bytes bytes read or written from memory
 */
public record ForwardCost(double flops, double bytes) {

    /**
     * One prompt pass over an empty cache: a prefill workload's latency, and a decode workload's time to first token.
     *
     * @throws IllegalArgumentException if batch or seqLen is not positive, or seqLen exceeds max_seq_len
     */
    public static ForwardCost prefill(ModelSpec spec, Dtype dtype, int batch, int seqLen) {
        return prefill(spec, dtype, batch, seqLen, LogitPositions.ALL);
    }

    /** As {@link #prefill(ModelSpec, Dtype, int, int)}, the lm_head on the positions {@code logits} names. */
    public static ForwardCost prefill(ModelSpec spec, Dtype dtype, int batch, int seqLen, LogitPositions logits) {
        checkModel(spec, dtype);
        Objects.requireNonNull(logits, "logits");
        positive("batch", batch);
        positive("seqLen", seqLen);
        if (seqLen > spec.maxSeqLen()) {
            throw new IllegalArgumentException("seqLen = " + seqLen + "; expected at most max_seq_len = "
                    + spec.maxSeqLen() + " of " + spec.name());
        }
        return new Pass(spec, dtype, batch, seqLen, 0, logits.count(seqLen)).cost();
    }

    /**
     * One KV-cache step: one new token per sequence, attending over {@code pastLen} cached positions and itself.
     *
     * @throws IllegalArgumentException if batch is not positive, pastLen is negative or pastLen + 1 exceeds max_seq_len
     */
    public static ForwardCost decodeStep(ModelSpec spec, Dtype dtype, int batch, int pastLen) {
        checkModel(spec, dtype);
        positive("batch", batch);
        if (pastLen < 0 || pastLen >= spec.maxSeqLen()) {
            throw new IllegalArgumentException("pastLen = " + pastLen + "; expected 0 <= pastLen <= max_seq_len - 1 = "
                    + (spec.maxSeqLen() - 1) + " of " + spec.name() + ", leaving room for the new token");
        }
        return new Pass(spec, dtype, batch, 1, pastLen, 1).cost();
    }

    /**
     * The mean cost of the steps a decode workload times per output token: past lengths promptLen .. promptLen +
     * newTokens − 2 (the step that would follow the last token is never run), or the one step at promptLen when
     * newTokens = 1, as the harness's CellBenchmark does.
     *
     * @throws IllegalArgumentException if batch, promptLen or newTokens is not positive, or the last step's context
     *                                  exceeds max_seq_len
     */
    public static ForwardCost decodeSteps(ModelSpec spec, Dtype dtype, int batch, int promptLen, int newTokens) {
        checkModel(spec, dtype);
        positive("batch", batch);
        positive("promptLen", promptLen);
        positive("newTokens", newTokens);
        long lastPast = (long) promptLen + Math.max(newTokens - 2, 0);
        if (lastPast + 1 > spec.maxSeqLen()) {
            throw new IllegalArgumentException("promptLen = " + promptLen + " with newTokens = " + newTokens
                    + " times a step over " + (lastPast + 1) + " positions; expected promptLen"
                    + " + max(newTokens - 1, 1) <= max_seq_len = " + spec.maxSeqLen() + " of " + spec.name());
        }
        long flops = 0;
        long bytes = 0;
        for (int past = promptLen; past <= lastPast; past++) {
            Pass step = new Pass(spec, dtype, batch, 1, past, 1);
            flops = Math.addExact(flops, step.flops());
            bytes = Math.addExact(bytes, step.bytes());
        }
        long steps = lastPast - promptLen + 1;
        return new ForwardCost((double) flops / steps, (double) bytes / steps);
    }

    /** FLOPs per byte: where the pass sits on a roofline. */
    public double intensity() {
        return flops / bytes;
    }

    private static void checkModel(ModelSpec spec, Dtype dtype) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(dtype, "dtype");
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " = " + value + "; expected a positive number");
        }
    }

    /**
     * One pass of {@code seqLen} tokens per sequence after {@code pastLen} cached positions, arguments already checked;
     * counted exactly in longs, which overflow only far past any model that fits a machine (and then throw).
     */
    private record Pass(ModelSpec spec, Dtype dtype, int batch, int seqLen, int pastLen, int headPositions) {

        ForwardCost cost() {
            return new ForwardCost(flops(), bytes());
        }

        long tokens() {
            return (long) batch * seqLen;
        }

        long flops() {
            long head = (long) batch * headPositions * spec.hidden() * spec.vocabSize();
            long products = Math.addExact(Math.addExact(Math.multiplyExact(tokens(), macsPerToken()), attentionMacs()),
                    head);
            return Math.multiplyExact(2, Math.addExact(products, latentDecompressionMacs()));
        }

        /**
         * MLA in its naive form: every pass multiplies the latent of every cached and new position by kv_b to get
         * each head's keys and values, so a decode step pays it for past + 1 positions, not for its one token.
         */
        private long latentDecompressionMacs() {
            if (!spec.isMla() || spec.mla().absorbed()) {
                return 0;
            }
            MlaSpec mla = spec.mla();
            long perPosition = (long) mla.kvLoraRank() * spec.heads() * (mla.qkNopeHeadDim() + mla.vHeadDim());
            return Math.multiplyExact((long) batch * (pastLen + seqLen) * spec.layers(), perPosition);
        }

        /** Multiply-adds of the products every token goes through: each layer's projections and FFN. */
        private long macsPerToken() {
            long h = spec.hidden();
            long attention = spec.isMla() ? latentProjectionMacs() : groupedProjectionMacs();
            long sum = 0;
            for (int l = 0; l < spec.layers(); l++) {
                long ffn;
                if (spec.isMoeLayer(l)) {
                    MoeSpec moe = spec.moe();
                    ffn = h * moe.experts() + (long) (moe.topK() + moe.sharedExperts()) * 3 * h * moe.expertFfnHidden();
                } else {
                    ffn = 3 * h * spec.ffnHidden();
                }
                sum += attention + ffn;
            }
            return sum;
        }

        private long groupedProjectionMacs() {
            long h = spec.hidden();
            long q = (long) spec.heads() * spec.headDim();
            long kv = (long) spec.kvHeads() * spec.headDim();
            return h * q + 2 * h * kv + q * h;
        }

        /** MLA per token: the query path, the joint down-projection and o (kv_b is per position, counted apart). */
        private long latentProjectionMacs() {
            long h = spec.hidden();
            MlaSpec mla = spec.mla();
            long qOut = (long) spec.heads() * mla.qkHeadDim();
            long query = mla.hasQueryLora() ? h * mla.qLoraRank() + mla.qLoraRank() * qOut : h * qOut;
            long absorbed = mla.absorbed() // each head's query into the latent space, its output out of it
                    ? (long) spec.heads() * mla.kvLoraRank() * (mla.qkNopeHeadDim() + mla.vHeadDim()) : 0;
            return query + h * (mla.kvLoraRank() + mla.qkRopeHeadDim()) + (long) spec.heads() * mla.vHeadDim() * h
                    + absorbed;
        }

        /**
         * QK^T and probs · V; query i sees pastLen + i + 1 keys, seqLen·pastLen + seqLen(seqLen+1)/2 in all. Per head
         * and visible key: head_dim for the score and head_dim for the value (MLA: qk_nope + qk_rope, then v_head_dim).
         */
        private long attentionMacs() {
            long visible = (long) seqLen * pastLen + (long) seqLen * (seqLen + 1) / 2;
            long perKey = 2L * spec.headDim();
            if (spec.isMla()) { // absorbed: the score over the latent and the rope key, the sum over the latent
                MlaSpec mla = spec.mla();
                perKey = mla.absorbed() ? 2L * mla.kvLoraRank() + mla.qkRopeHeadDim() : mla.qkHeadDim() + mla.vHeadDim();
            }
            return Math.multiplyExact((long) batch * spec.layers() * spec.heads() * perKey, visible);
        }

        long bytes() {
            return weightBytes() + kvCacheBytes();
        }

        private long weightBytes() {
            WeightLayout layout = WeightLayout.of(spec);
            Set<String> unreachable = unreachableExperts();
            long bytes = 0;
            for (TensorSpec t : layout.tensors()) {
                if (t.name().equals(WeightLayout.embed())) {
                    bytes += dtype.bytes(embeddingRows(t));
                } else if (!unreachable.contains(prefix(t.name()))) {
                    bytes += dtype.bytes(t);
                }
            }
            return bytes;
        }

        /** The rows looked up, as a tensor of their own so the dtype's rules for the embedding apply. */
        private TensorSpec embeddingRows(TensorSpec table) {
            int rows = (int) Math.min(tokens(), spec.vocabSize());
            return new TensorSpec(table.name(), new int[] {rows, spec.hidden()}, table.offset(), table.scale());
        }

        /** Prefixes of the routed experts no token of this pass can reach: those past min(experts, tokens · top_k). */
        private Set<String> unreachableExperts() {
            Set<String> out = new HashSet<>();
            if (!spec.isMoe()) {
                return out;
            }
            MoeSpec moe = spec.moe();
            long reachable = Math.min(moe.experts(), tokens() * moe.topK());
            for (int l : spec.moeLayers()) {
                for (long e = reachable; e < moe.experts(); e++) {
                    out.add(WeightLayout.expert(l, (int) e));
                }
            }
            return out;
        }

        /** "layers.0.experts.3.w_up" → "layers.0.experts.3"; the SwiGLU tensors hang off their expert's prefix. */
        private static String prefix(String name) {
            int dot = name.lastIndexOf('.');
            return dot < 0 ? name : name.substring(0, dot);
        }

        /**
         * Past keys and values read, this pass's written: 2 × layers × kv_heads × head_dim elements a position (MLA:
         * layers × (kv_lora_rank + qk_rope_head_dim)).
         */
        private long kvCacheBytes() {
            long perPosition = spec.layers() * spec.kvCacheShape().valuesPerPosition() * batch;
            long elementBytes = dtype.isHalf() ? 2 : Float.BYTES;
            return ((long) pastLen + seqLen) * perPosition * elementBytes;
        }
    }
}
