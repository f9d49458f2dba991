package dev.portbench.backend;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a session's graph ran, node by node, from the runtime's own record (ONNX Runtime's profile). {@code
 * accelerators} are the execution providers the backend asked for besides the CPU (empty for a CPU backend), so the
 * shares say how much of the graph the accelerator actually ran and which operators fell back to the CPU.
 *
 * @param profile where the runtime's raw record is, for a closer look (e.g. in chrome://tracing); null if none kept
 */
public record Placement(List<PlacedNode> nodes, Set<String> accelerators, String profile) {
    public static final String CPU_PROVIDER = "CPUExecutionProvider";

    public Placement {
        nodes = List.copyOf(nodes);
        accelerators = Set.copyOf(accelerators);
    }

    /** The share of nodes an accelerator ran; empty for a CPU backend or an empty record. */
    public Optional<Double> acceleratorNodeShare() {
        if (accelerators.isEmpty() || nodes.isEmpty()) {
            return Optional.empty();
        }
        long on = nodes.stream().filter(n -> accelerators.contains(n.provider())).count();
        return Optional.of(on / (double) nodes.size());
    }

    /** The share of kernel time an accelerator ran; empty for a CPU backend or where no kernel time was recorded. */
    public Optional<Double> acceleratorTimeShare() {
        long total = nodes.stream().mapToLong(PlacedNode::kernelMicros).sum();
        if (accelerators.isEmpty() || total == 0) {
            return Optional.empty();
        }
        long on = nodes.stream().filter(n -> accelerators.contains(n.provider())).mapToLong(PlacedNode::kernelMicros)
                .sum();
        return Optional.of(on / (double) total);
    }

    /** Operators an accelerator backend ran on the CPU, sorted; none for a CPU backend. */
    public Set<String> fallbackOps() {
        Set<String> ops = new TreeSet<>();
        if (!accelerators.isEmpty()) {
            nodes.stream().filter(n -> !accelerators.contains(n.provider())).forEach(n -> ops.add(n.opType()));
        }
        return ops;
    }

    /** The nodes the runtime inserted into the graph. */
    public List<PlacedNode> insertedNodes() {
        return nodes.stream().filter(PlacedNode::inserted).toList();
    }
}
