package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CANN execution provider's options and {@code strict}, parsed and checked without native code. Every option is
 * recorded in {@link #applied()}, defaults included: CANN's {@code precision_mode} defaults to {@code force_fp16}, so an
 * fp32 model runs in fp16 unless the row says otherwise, and the row must say which it was.
 */
record CannSettings(int deviceId, long npuMemLimit, String arenaExtendStrategy, boolean enableCannGraph,
                    boolean dumpGraphs, boolean dumpOmModel, String precisionMode, String opSelectImplMode,
                    String optypelistForImplmode, boolean strict, int intraOpThreads) {

    static final String ID = "onnxruntime-cann";

    static final String DEVICE_ID = "device_id";
    static final String NPU_MEM_LIMIT = "npu_mem_limit";
    static final String ARENA_EXTEND_STRATEGY = "arena_extend_strategy";
    static final String ENABLE_CANN_GRAPH = "enable_cann_graph";
    static final String DUMP_GRAPHS = "dump_graphs";
    static final String DUMP_OM_MODEL = "dump_om_model";
    static final String PRECISION_MODE = "precision_mode";
    static final String OP_SELECT_IMPL_MODE = "op_select_impl_mode";
    static final String OPTYPELIST_FOR_IMPLMODE = "optypelist_for_implmode";
    static final String STRICT = "strict";
    static final String INTRA_OP_THREADS = "intra_op_threads";

    /** npu_mem_limit's default: no limit of portbench's (ORT's own default, SIZE_MAX, is left in place). */
    static final long UNLIMITED = -1;
    static final String UNLIMITED_TEXT = "unlimited";
    /** optypelist_for_implmode's default: no list. */
    static final String NONE = "none";
    /** The session config key that makes a node without a CANN kernel an error instead of a CPU fallback. */
    static final String DISABLE_CPU_EP_FALLBACK = "session.disable_cpu_ep_fallback";

    private static final List<String> ARENA_STRATEGIES = List.of("kNextPowerOfTwo", "kSameAsRequested");
    private static final List<String> PRECISION_MODES = List.of("force_fp16", "force_fp32", "cube_fp16in_fp32out",
            "allow_fp32_to_fp16", "must_keep_origin_dtype", "allow_mix_precision", "allow_mix_precision_fp16");
    private static final List<String> IMPL_MODES = List.of("high_performance", "high_precision");

    static final Map<String, String> DOCUMENTATION = documentation();

    private static Map<String, String> documentation() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DEVICE_ID, "the Ascend NPU to run on (default 0)");
        m.put(NPU_MEM_LIMIT, "bytes the CANN EP's device arena may hold (default unlimited)");
        m.put(ARENA_EXTEND_STRATEGY, "kNextPowerOfTwo (default) or kSameAsRequested");
        m.put(ENABLE_CANN_GRAPH, "true (default): whole-graph mode, compiled per input shape; false: single-operator mode");
        m.put(DUMP_GRAPHS, "true: CANN writes the subgraphs it builds to files (default false)");
        m.put(DUMP_OM_MODEL, "true (default): CANN writes the compiled .om model files");
        m.put(PRECISION_MODE, "force_fp16 (CANN's default: fp32 models run in fp16), force_fp32, cube_fp16in_fp32out,"
                + " allow_fp32_to_fp16, must_keep_origin_dtype, allow_mix_precision, allow_mix_precision_fp16;"
                + " applied once per process");
        m.put(OP_SELECT_IMPL_MODE, "high_performance (default) or high_precision");
        m.put(OPTYPELIST_FOR_IMPLMODE, "comma-separated operator types op_select_impl_mode applies to (default none)");
        m.put(STRICT, "true: a node without a CANN kernel fails the session instead of running on the CPU (default false)");
        m.put(INTRA_OP_THREADS, "ONNX Runtime's threads inside one operator on the host, for the nodes the CPU runs"
                + " (a count, cores, or cores-N: N fewer than the cores the JVM sees; default: cores)");
        return Map.copyOf(m);
    }

    static CannSettings from(BackendOptions options) {
        Map<String, String> v = options.asMap();
        return new CannSettings(
                options.nonNegativeInt(DEVICE_ID, 0),
                memLimit(v),
                choice(v, ARENA_EXTEND_STRATEGY, "kNextPowerOfTwo", ARENA_STRATEGIES),
                options.bool(ENABLE_CANN_GRAPH, true),
                options.bool(DUMP_GRAPHS, false),
                options.bool(DUMP_OM_MODEL, true),
                choice(v, PRECISION_MODE, "force_fp16", PRECISION_MODES),
                choice(v, OP_SELECT_IMPL_MODE, "high_performance", IMPL_MODES),
                opTypeList(v),
                options.bool(STRICT, false),
                // as the other ONNX Runtime backends: set, so the row's threads are what ran (ORT's own default is
                // one thread per physical core, which the JVM cannot see)
                options.threads(INTRA_OP_THREADS));
    }

    /** What the row records: every option with the value in effect, defaults included. */
    Map<String, String> applied() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("provider", "CANN");
        m.put(DEVICE_ID, Integer.toString(deviceId));
        m.put(NPU_MEM_LIMIT, npuMemLimit == UNLIMITED ? UNLIMITED_TEXT : Long.toString(npuMemLimit));
        m.put(ARENA_EXTEND_STRATEGY, arenaExtendStrategy);
        m.put(ENABLE_CANN_GRAPH, Boolean.toString(enableCannGraph));
        m.put(DUMP_GRAPHS, Boolean.toString(dumpGraphs));
        m.put(DUMP_OM_MODEL, Boolean.toString(dumpOmModel));
        m.put(PRECISION_MODE, precisionMode);
        m.put(OP_SELECT_IMPL_MODE, opSelectImplMode);
        m.put(OPTYPELIST_FOR_IMPLMODE, optypelistForImplmode.isEmpty() ? NONE : optypelistForImplmode);
        m.put(STRICT, Boolean.toString(strict));
        m.put(INTRA_OP_THREADS, Integer.toString(intraOpThreads));
        return m;
    }

    /**
     * The key/value pairs for {@code UpdateCANNProviderOptions}: defaults too, so ORT runs with exactly what
     * {@link #applied()} records. Booleans go as 1/0, the form ORT's option parser reads for a bool. Left out: an
     * unlimited npu_mem_limit and an empty op type list, whose ORT defaults are those values.
     */
    Map<String, String> providerOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DEVICE_ID, Integer.toString(deviceId));
        if (npuMemLimit != UNLIMITED) {
            m.put(NPU_MEM_LIMIT, Long.toString(npuMemLimit));
        }
        m.put(ARENA_EXTEND_STRATEGY, arenaExtendStrategy);
        m.put(ENABLE_CANN_GRAPH, enableCannGraph ? "1" : "0");
        m.put(DUMP_GRAPHS, dumpGraphs ? "1" : "0");
        m.put(DUMP_OM_MODEL, dumpOmModel ? "1" : "0");
        m.put(PRECISION_MODE, precisionMode);
        m.put(OP_SELECT_IMPL_MODE, opSelectImplMode);
        if (!optypelistForImplmode.isEmpty()) {
            m.put(OPTYPELIST_FOR_IMPLMODE, optypelistForImplmode);
        }
        return m;
    }

    /** Session config entries: strict mode's, or none. */
    Map<String, String> sessionConfig() {
        return strict ? Map.of(DISABLE_CPU_EP_FALLBACK, "1") : Map.of();
    }

    private static BackendException bad(String key, String raw, String expected) {
        return new BackendException("option " + ID + "." + key + " = '" + raw + "'; expected " + expected);
    }

    private static long memLimit(Map<String, String> v) {
        String raw = v.get(NPU_MEM_LIMIT);
        if (raw == null || raw.trim().equalsIgnoreCase(UNLIMITED_TEXT)) {
            return UNLIMITED;
        }
        try {
            long n = Long.parseLong(raw.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the expected form
        }
        throw bad(NPU_MEM_LIMIT, raw, "a positive number of bytes or 'unlimited'");
    }

    /** Case-insensitive; returned in the spelling CANN documents. */
    private static String choice(Map<String, String> v, String key, String fallback, List<String> allowed) {
        String raw = v.get(key);
        if (raw == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(raw.trim())) {
                return a;
            }
        }
        throw bad(key, raw, "one of " + String.join(", ", allowed));
    }

    /** Operator type names as CANN takes them: comma-separated identifiers, e.g. {@code Pooling,SoftmaxV2}. */
    private static String opTypeList(Map<String, String> v) {
        String raw = v.get(OPTYPELIST_FOR_IMPLMODE);
        if (raw == null || raw.trim().equalsIgnoreCase(NONE)) {
            return "";
        }
        String trimmed = raw.trim();
        if (!trimmed.matches("[A-Za-z][A-Za-z0-9_]*(,[A-Za-z][A-Za-z0-9_]*)*")) {
            throw bad(OPTYPELIST_FOR_IMPLMODE, raw, "operator types separated by commas, e.g. Pooling,SoftmaxV2, or none");
        }
        return trimmed;
    }
}
