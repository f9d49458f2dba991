package dev.portbench.backend;

import java.util.Objects;

/**
 * One node of a session's graph as the runtime ran it: on which execution provider, and how long its kernel took over
 * the audited runs.
 *
 * @param node         the node's name in the optimised graph (fused and inserted nodes included)
 * @param opType       its operator, e.g. {@code MatMul}
 * @param provider     the execution provider that ran it, e.g. {@code CPUExecutionProvider}
 * @param kernelMicros its kernel time summed over the audited runs, microseconds
 * @param calls        how many times it ran
 * @param inserted     whether the runtime added it to the graph (e.g. a cast around a node that has no kernel for the
 *                     graph's precision) rather than the model having it
 */
public record PlacedNode(String node, String opType, String provider, long kernelMicros, int calls, boolean inserted) {
    public PlacedNode {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(opType, "opType");
        Objects.requireNonNull(provider, "provider");
    }
}
