package dev.portbench.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ONNX Runtime's profile (a Chrome trace: a JSON array of events) into one {@link PlacedNode} per node of the
 * optimised graph. Each run of a node leaves a {@code Node} event named {@code NODE_kernel_time} whose args carry
 * {@code op_name} and {@code provider}; its {@code dur} is the kernel's time in microseconds. Fence and session events
 * are not kernels and are left out. ORT's cast-inserting transformer names the casts it adds around nodes that have
 * no kernel for the graph's precision {@value #INSERTED_CAST_PREFIX}…, which is how inserted nodes are told apart.
 * Every ONNX Runtime backend writes this trace, whichever binding drives it (the official Java API, JavaCPP's C API).
 */
public final class OrtProfileTrace {
    static final String KERNEL_SUFFIX = "_kernel_time";
    static final String INSERTED_CAST_PREFIX = "InsertedPrecisionFreeCast_";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OrtProfileTrace() {
    }

    public static List<PlacedNode> read(Path profile) {
        JsonNode events;
        try {
            events = JSON.readTree(profile.toFile());
        } catch (IOException e) {
            throw new BackendException("ONNX Runtime's profile " + profile + " is not readable JSON: "
                    + e.getMessage(), e);
        }
        if (events == null || !events.isArray()) {
            throw new BackendException("ONNX Runtime's profile " + profile + " is not a JSON array of trace events");
        }
        return nodes(events, profile);
    }

    private record Totals(String opType, String provider, long[] micros, int[] calls) {
    }

    public static List<PlacedNode> nodes(JsonNode events, Path source) {
        Map<String, Totals> byNode = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode e : events) {
            index++;
            String name = e.path("name").asText("");
            if (!"Node".equals(e.path("cat").asText()) || !name.endsWith(KERNEL_SUFFIX)) {
                continue;
            }
            JsonNode args = e.path("args");
            String op = args.path("op_name").asText("");
            String provider = args.path("provider").asText("");
            if (op.isEmpty() || provider.isEmpty() || !e.path("dur").isNumber()) {
                throw new BackendException("ONNX Runtime's profile " + source + ": kernel event " + index + " ("
                        + name + ") has no " + (op.isEmpty() ? "args.op_name" : provider.isEmpty() ? "args.provider"
                        : "numeric dur") + "; expected every kernel event to name its operator and provider");
            }
            String node = name.substring(0, name.length() - KERNEL_SUFFIX.length());
            Totals t = byNode.computeIfAbsent(node, n -> new Totals(op, provider, new long[1], new int[1]));
            t.micros()[0] += e.path("dur").asLong();
            t.calls()[0]++;
        }
        List<PlacedNode> nodes = new ArrayList<>();
        byNode.forEach((node, t) -> nodes.add(new PlacedNode(node, t.opType(), t.provider(), t.micros()[0],
                t.calls()[0], node.startsWith(INSERTED_CAST_PREFIX))));
        return nodes;
    }
}
