package dev.portbench.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.WeightLayout;

/**
 * One layer's MoE FFN: softmax router in fp32, top-k experts per token with weights renormalised over the k, shared
 * experts on every token, and dispatch so that compute follows the active parameters: the token copies are sorted by
 * expert, each expert runs once on its contiguous block, and the outputs are gathered back, weighted and summed.
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

    /** The FFN output [tokens, hidden] and the chosen experts, [tokens, k] in descending router probability. */
    record Result(NDArray output, long[] topK) {
    }

    Result apply(int layer, NDArray x) {
        NDManager pass = x.getManager();
        int tokens = Math.toIntExact(x.getShape().get(0));
        int k = moe.topK();
        NDArray probs = x.toType(DataType.FLOAT32, false).matMul(weights.get(WeightLayout.router(layer))).softmax(-1);
        NDList top = probs.topK(k, -1, true, true);
        NDArray topWeights = top.get(0).div(top.get(0).sum(new int[] {-1}, true));
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
                NDArray block = sorted.get(new NDIndex("{}:{}", start[e], start[e + 1]));
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
