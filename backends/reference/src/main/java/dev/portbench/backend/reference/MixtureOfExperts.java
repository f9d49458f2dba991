package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.WeightLayout;

/**
 * One layer's MoE FFN: the {@link Router} picks and weights top-k experts per token, shared experts run on every
 * token, and dispatch makes each expert run only on the tokens routed to it.
 */
final class MixtureOfExperts {
    private final ModelSpec spec;
    private final MoeSpec moe;
    private final PackedMatrix router;
    private final Router routing;
    private final SwiGlu[] experts;
    private final SwiGlu[] shared;

    MixtureOfExperts(ModelSpec spec, ReferenceWeights w, int layer) {
        this.spec = spec;
        this.moe = spec.moe();
        this.router = w.matrix(WeightLayout.router(layer));
        this.routing = new Router(moe, moe.router().correctionBias() ? w.get(WeightLayout.routerBias(layer)) : null);
        this.experts = new SwiGlu[moe.experts()];
        for (int e = 0; e < experts.length; e++) {
            experts[e] = new SwiGlu(w, WeightLayout.expert(layer, e));
        }
        this.shared = new SwiGlu[moe.sharedExperts()];
        for (int s = 0; s < shared.length; s++) {
            shared[s] = new SwiGlu(w, WeightLayout.shared(layer, s));
        }
    }

    /**
     * @param topK receives the chosen experts, [tokens, k] in descending choice score
     * @return the FFN output [tokens, hidden]
     */
    double[] apply(Kernels k, double[] x, int tokens, long[] topK) {
        int hidden = spec.hidden();
        int kk = moe.topK();
        double[] logits = k.matmul(x, tokens, router);
        double[] topWeight = new double[tokens * kk];
        for (int t = 0; t < tokens; t++) {
            routing.route(k, logits, t * moe.experts(), topK, topWeight, t * kk);
        }

        double[] acc = new double[tokens * hidden];
        for (SwiGlu s : shared) {
            k.addInPlace(acc, s.apply(k, x, tokens));
        }
        // experts run on any thread, the busiest first so that the last to finish are short; their outputs are
        // added in expert order, so the sums do not depend on threads
        Routed[] routed = new Routed[experts.length];
        long workPerExpert = (long) tokens * kk / experts.length * hidden * 3 * experts[0].width();
        int[] busiestFirst = busiestFirst(topK);
        k.forEach(experts.length, workPerExpert, i -> routed[busiestFirst[i]] = run(k, busiestFirst[i], x, tokens, topK,
                topWeight));
        for (Routed r : routed) {
            if (r != null) {
                r.addTo(k, acc, hidden);
            }
        }
        return acc;
    }

    /** The experts by how many tokens chose them, most first (ties: lower index first). */
    private int[] busiestFirst(long[] topK) {
        int[] load = new int[experts.length];
        for (long e : topK) {
            load[(int) e]++;
        }
        return java.util.stream.IntStream.range(0, experts.length).boxed()
                .sorted((a, b) -> Integer.compare(load[b], load[a])).mapToInt(Integer::intValue).toArray();
    }

    /** The tokens routed to one expert, their routing weights, and the expert's output for them. */
    private record Routed(int[] rows, double[] weights, int n, double[] output) {
        /** Scatter-adds the weighted output into the tokens' rows. */
        void addTo(Kernels k, double[] acc, int hidden) {
            for (int i = 0; i < n; i++) {
                int dst = rows[i] * hidden;
                for (int c = 0; c < hidden; c++) {
                    acc[dst + c] = k.round(acc[dst + c] + k.round(output[i * hidden + c] * weights[i]));
                }
            }
        }
    }

    /** Gathers the tokens routed to expert e and runs it on them; null when no token chose it. */
    private Routed run(Kernels k, int e, double[] x, int tokens, long[] topK, double[] topWeight) {
        int hidden = spec.hidden();
        int kk = moe.topK();
        int[] rows = new int[tokens];
        double[] weights = new double[tokens];
        int n = 0;
        for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < kk; j++) {
                if (topK[t * kk + j] == e) {
                    rows[n] = t;
                    weights[n] = topWeight[t * kk + j];
                    n++;
                }
            }
        }
        if (n == 0) {
            return null;
        }
        double[] gathered = new double[n * hidden];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, rows[i] * hidden, gathered, i * hidden, hidden);
        }
        return new Routed(rows, weights, n, experts[e].apply(k, gathered, n));
    }
}
