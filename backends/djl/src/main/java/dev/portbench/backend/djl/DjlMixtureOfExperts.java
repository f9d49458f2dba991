package dev.portbench.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.RouterSpec;
import dev.portbench.scenarios.WeightLayout;

/**
 * One layer's MoE FFN: the router of docs/model.md in fp32 ({@link RouterSpec}: softmax or sigmoid scores, the
 * correction bias and the best groups for the choice only, top-k, weights renormalised and scaled), shared experts on
 * every token, and dispatch so that compute follows the active parameters: the token copies are sorted by expert,
 * each expert runs once on its contiguous block, and the outputs are gathered back, weighted and summed.
 */
final class DjlMixtureOfExperts {
    private final ModelSpec spec;
    private final MoeSpec moe;
    private final DjlWeights weights;
    private final DjlDecoder decoder;

    DjlMixtureOfExperts(ModelSpec spec, DjlWeights weights, DjlDecoder decoder) {
        this.spec = spec;
        this.moe = spec.moe();
        this.weights = weights;
        this.decoder = decoder;
    }

    /** The FFN output [tokens, hidden] and the chosen experts, [tokens, k] in descending choice score. */
    record Result(NDArray output, long[] topK) {
    }

    /** The chosen experts' weights and indices, [tokens, k] each, from the router's fp32 logits [tokens, experts]. */
    private NDList route(int layer, NDArray logits) {
        RouterSpec r = moe.router();
        NDArray scores = r.scoring() == RouterSpec.Scoring.SOFTMAX ? logits.softmax(-1) : Activation.sigmoid(logits);
        NDArray choice = r.correctionBias() ? scores.add(weights.get(WeightLayout.routerBias(layer))) : scores;
        if (r.grouped()) {
            choice = bestGroupsOnly(choice, r);
        }
        NDArray index = choice.topK(moe.topK(), -1, true, true).get(1);
        NDArray w = scores.gather(index, 1);
        if (r.normTopK()) {
            w = w.div(w.sum(new int[] {-1}, true));
        }
        if (r.routedScaling() != 1.0) {
            w = w.mul(r.routedScaling());
        }
        return new NDList(w, index);
    }

    /**
     * The choice with every expert outside the topk_group best groups at −∞; a group scores its best expert, or with
     * the correction bias the sum of its two best.
     */
    private NDArray bestGroupsOnly(NDArray choice, RouterSpec r) {
        long tokens = choice.getShape().get(0);
        NDArray grouped = choice.reshape(tokens, r.groups(), moe.expertsPerGroup());
        NDArray groupScore = r.correctionBias() ? grouped.topK(2, -1, true, true).get(0).sum(new int[] {-1})
                : grouped.max(new int[] {-1});
        NDArray best = groupScore.topK(r.topkGroups(), -1, true, true).get(1); // [T, kg]
        NDArray keep = best.oneHot(r.groups()).sum(new int[] {1}).reshape(tokens, r.groups(), 1).gt(0);
        // PyTorch's where through DJL does not broadcast: condition and both values in the grouped shape
        NDArray minusInf = grouped.getManager().full(grouped.getShape(), Float.NEGATIVE_INFINITY);
        NDArray masked = NDArrays.where(keep.broadcast(grouped.getShape()), grouped, minusInf);
        return masked.reshape(tokens, moe.experts());
    }

    Result apply(int layer, NDArray x) {
        NDManager pass = x.getManager();
        int tokens = Math.toIntExact(x.getShape().get(0));
        int k = moe.topK();
        NDArray logits = x.toType(DataType.FLOAT32, false).matMul(weights.get(WeightLayout.router(layer)));
        NDList top = route(layer, logits);
        NDArray topWeights = top.get(0);
        long[] topK = top.get(1).toLongArray();

        // token copies in expert order: copy c = (token t, slot j) goes to position order[c]
        int[] counts = new int[moe.experts()];
        for (long e : topK) {
            counts[(int) e]++;
        }
        int[] start = new int[moe.experts() + 1];
        for (int e = 0; e < moe.experts(); e++) {
            start[e + 1] = start[e] + counts[e];
        }
        int[] next = java.util.Arrays.copyOf(start, moe.experts());
        long[] tokenAt = new long[topK.length];
        long[] positionOf = new long[topK.length];
        for (int c = 0; c < topK.length; c++) {
            int position = next[(int) topK[c]]++;
            tokenAt[position] = c / k;
            positionOf[c] = position;
        }
        NDArray sorted = x.get(pass.create(tokenAt));
        sorted.attach(pass);
        NDList outputs = new NDList();
        for (int e = 0; e < moe.experts(); e++) {
            if (counts[e] > 0) {
                // a slice built directly: the string form is parsed with regular expressions on every call
                NDArray block = sorted.get(new NDIndex().addSliceDim(start[e], start[e + 1]));
                outputs.add(decoder.swiGlu(WeightLayout.expert(layer, e), block));
            }
        }
        NDArray routed = outputs.size() == 1 ? outputs.get(0) : NDArrays.concat(outputs, 0);
        NDArray perCopy = routed.get(pass.create(positionOf)).reshape(tokens, k, spec.hidden());
        perCopy.attach(pass);
        // summed in fp32, shared experts first, then returned to the compute type: as the ONNX export does
        NDArray acc = null;
        for (int s = 0; s < moe.sharedExperts(); s++) {
            NDArray shared = decoder.swiGlu(WeightLayout.shared(layer, s), x).toType(DataType.FLOAT32, false);
            acc = acc == null ? shared : acc.add(shared);
        }
        NDArray weighted = perCopy.toType(DataType.FLOAT32, false).mul(topWeights.reshape(tokens, k, 1))
                .sum(new int[] {1});
        NDArray out = (acc == null ? weighted : acc.add(weighted)).toType(x.getDataType(), false);
        return new Result(out, topK);
    }
}
