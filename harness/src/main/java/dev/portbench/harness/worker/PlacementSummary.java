package dev.portbench.harness.worker;

import dev.portbench.backend.PlacedNode;
import dev.portbench.backend.Placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cell's placement audit found, as its rows carry it: how much of the graph the backend's accelerator ran (by
 * nodes and by kernel time; null for a CPU backend), the operators that fell back to the CPU, and the nodes the
 * runtime inserted (e.g. casts around nodes without a kernel for the graph's precision). The node-by-node record is
 * the cell's {@code placement.csv}.
 */
public record PlacementSummary(int nodes, Double acceleratorNodeShare, Double acceleratorTimeShare,
                               List<String> fallbackOps, int insertedNodes, Map<String, Integer> insertedOps) {

    static PlacementSummary of(Placement p) {
        Map<String, Integer> inserted = new TreeMap<>();
        for (PlacedNode n : p.insertedNodes()) {
            inserted.merge(n.opType(), 1, Integer::sum);
        }
        return new PlacementSummary(p.nodes().size(), p.acceleratorNodeShare().orElse(null),
                p.acceleratorTimeShare().orElse(null), new ArrayList<>(p.fallbackOps()), p.insertedNodes().size(),
                inserted);
    }

    /** The fallback operators as the row's {@code fallback_ops} writes them: sorted, space-separated. */
    public String fallbackOpsText() {
        return fallbackOps == null ? "" : String.join(" ", fallbackOps);
    }

    /** A note for the row's reason when the runtime inserted nodes; empty when it inserted none. */
    public String note() {
        if (insertedNodes == 0) {
            return "";
        }
        List<String> ops = new ArrayList<>();
        insertedOps.forEach((op, count) -> ops.add(op + " ×" + count));
        return "the runtime inserted " + insertedNodes + " of the " + nodes + " nodes it ran (" + String.join(", ", ops)
                + "), e.g. casts around nodes without a kernel for this precision; see placement.csv";
    }
}
