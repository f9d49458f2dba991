package dev.portbench.backend;

import java.util.List;

/**
 * What one forward pass returns: the logits [batch, seq, vocab] and, for MoE models, per layer the top-k expert
 * indices of every token, [batch·seq, k] row-major in the router's descending order (empty list for dense models).
 */
public record ForwardOutputs(OutputTensor logits, List<long[]> routerTopK) {

    public ForwardOutputs {
        routerTopK = List.copyOf(routerTopK);
    }
}
