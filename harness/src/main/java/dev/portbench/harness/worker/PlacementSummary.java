package dev.portbench.harness.worker;

import dev.portbench.backend.PlacedNode;
import dev.portbench.backend.Placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a cell's placement audit found, as its rows carry it: how much of the graph the backend's accelerator ran (by
 * nodes and by kernel time; null for a CPU backend), the operators that fell back to the CPU, and the nodes the
 * runtime inserted (e.g. casts around nodes without a kernel for the graph's precision). The node-by-node record is
 * the cell's {@code placement.csv}.
 */
public record PlacementSummary(int nodes, Double acceleratorNodeShare, Double acceleratorTimeShare,
                               List<String> fallbackOps, int insertedNodes, Map<String, Integer> insertedOps,
                               Map<String, AcceleratorShare> byAccelerator) {

    /**
     * What one accelerator provider ran, where a backend asked for more than one (TensorRT, and CUDA for the nodes
     * TensorRT does not take): its nodes, their kernel time, and their operator types.
     */
    public record AcceleratorShare(int nodes, long kernelMicros, List<String> ops) {
    }

    static PlacementSummary of(Placement p) {
        Map<String, Integer> inserted = new TreeMap<>();
        for (PlacedNode n : p.insertedNodes()) {
            inserted.merge(n.opType(), 1, Integer::sum);
        }
        return new PlacementSummary(p.nodes().size(), p.acceleratorNodeShare().orElse(null),
                p.acceleratorTimeShare().orElse(null), new ArrayList<>(p.fallbackOps()), p.insertedNodes().size(),
                inserted, byAccelerator(p));
    }

    /**
     * Per accelerator provider the backend asked for, where it asked for more than one, those that ran no node
     * included (TensorRT taking nothing is the case to see); empty otherwise.
     */
    private static Map<String, AcceleratorShare> byAccelerator(Placement p) {
        Map<String, AcceleratorShare> out = new TreeMap<>();
        if (p.accelerators().size() < 2) {
            return out;
        }
        for (String provider : new TreeSet<>(p.accelerators())) {
            List<PlacedNode> ran = p.nodes().stream().filter(n -> n.provider().equals(provider)).toList();
            out.put(provider, new AcceleratorShare(ran.size(), ran.stream().mapToLong(PlacedNode::kernelMicros).sum(),
                    new ArrayList<>(new TreeSet<>(ran.stream().map(PlacedNode::opType).toList()))));
        }
        return out;
    }

    /** The fallback operators as the row's {@code fallback_ops} writes them: sorted, space-separated. */
    public String fallbackOpsText() {
        return fallbackOps == null ? "" : String.join(" ", fallbackOps);
    }

    /**
     * A note for the row's reason: the nodes the runtime inserted, and how the accelerator nodes split where the
     * backend asked for more than one accelerator provider (TensorRT, with CUDA for what it leaves: the shares count
     * both, so a graph TensorRT stopped taking would otherwise look the same); empty when neither applies.
     */
    public String note() {
        List<String> notes = new ArrayList<>();
        if (insertedNodes > 0) {
            List<String> ops = new ArrayList<>();
            insertedOps.forEach((op, count) -> ops.add(op + " ×" + count));
            notes.add("the runtime inserted " + insertedNodes + " of the " + nodes + " nodes it ran (" + String.join(
                    ", ", ops) + "), e.g. casts around nodes without a kernel for this precision; see placement.csv");
        }
        if (byAccelerator != null && byAccelerator.size() > 1) {
            long micros = byAccelerator.values().stream().mapToLong(AcceleratorShare::kernelMicros).sum();
            List<String> parts = new ArrayList<>();
            byAccelerator.forEach((provider, share) -> parts.add(share.nodes() == 0 ? provider + " no node"
                    : String.format(Locale.ROOT, "%s %d node%s%s (%s)", provider, share.nodes(),
                    share.nodes() == 1 ? "" : "s", micros == 0 ? "" : String.format(Locale.ROOT,
                            ", %.0f %% of their kernel time", 100.0 * share.kernelMicros() / micros),
                    String.join(" ", share.ops()))));
            notes.add("accelerator nodes by provider: " + String.join("; ", parts) + "; see placement.csv");
        }
        return String.join("; ", notes);
    }
}
