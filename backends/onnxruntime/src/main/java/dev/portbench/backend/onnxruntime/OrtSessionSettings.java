package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session options a user can set, parsed and validated before any native code runs, and applied to
 * {@link SessionOptions}; {@link #applied()} lists every one of them, defaults included, for the result row. The
 * execution provider's own options are {@link OrtExecutionProvider}'s.
 */
record OrtSessionSettings(int intraOpThreads, int interOpThreads, String executionMode, String optimizationLevel,
                          boolean strict, boolean allowSpinning) {

    static final String INTRA_OP_THREADS = "intra_op_threads";
    static final String INTER_OP_THREADS = "inter_op_threads";
    static final String EXECUTION_MODE = "execution_mode";
    static final String GRAPH_OPTIMIZATION_LEVEL = "graph_optimization_level";
    static final String STRICT = "strict";
    static final String ALLOW_SPINNING = "allow_spinning";
    /** ORT's session config key: fail session creation rather than run any node on the CPU provider. */
    static final String DISABLE_CPU_FALLBACK = "session.disable_cpu_ep_fallback";
    /** ORT's session config keys: whether a thread-pool thread busy-waits for work instead of sleeping. */
    static final List<String> SPINNING_KEYS =
            List.of("session.intra_op.allow_spinning", "session.inter_op.allow_spinning");
    private static final List<String> MODES = List.of("SEQUENTIAL", "PARALLEL");
    private static final List<String> LEVELS = List.of("NO_OPT", "BASIC_OPT", "EXTENDED_OPT", "ALL_OPT");

    static final Map<String, String> DOCUMENTATION = Map.of(
            INTRA_OP_THREADS, "threads inside one operator (a count, cores, or cores-N: N fewer than the cores the"
                    + " JVM sees; default: cores)",
            INTER_OP_THREADS, "threads across operators in PARALLEL mode (default 1)",
            EXECUTION_MODE, "SEQUENTIAL (default) or PARALLEL",
            GRAPH_OPTIMIZATION_LEVEL, "NO_OPT, BASIC_OPT, EXTENDED_OPT or ALL_OPT (default)",
            STRICT, "true or false (default): fail instead of running any node on ORT's CPU provider"
                    + " (session.disable_cpu_ep_fallback; on onnxruntime-cpu ORT then refuses every session)",
            ALLOW_SPINNING, "true (default, ORT's) or false: thread-pool threads busy-wait for work between operators"
                    + " (session.intra_op/inter_op.allow_spinning); false leaves the cores to other processes");

    static OrtSessionSettings from(BackendOptions options) {
        return new OrtSessionSettings(
                options.threads(INTRA_OP_THREADS),
                options.positiveInt(INTER_OP_THREADS, 1),
                options.choice(EXECUTION_MODE, "SEQUENTIAL", MODES),
                options.choice(GRAPH_OPTIMIZATION_LEVEL, "ALL_OPT", LEVELS),
                options.bool(STRICT, false),
                options.bool(ALLOW_SPINNING, true));
    }

    SessionOptions toSessionOptions() {
        SessionOptions options = new SessionOptions();
        try {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(interOpThreads);
            options.setExecutionMode(SessionOptions.ExecutionMode.valueOf(executionMode));
            options.setOptimizationLevel(SessionOptions.OptLevel.valueOf(optimizationLevel));
            if (strict) {
                options.addConfigEntry(DISABLE_CPU_FALLBACK, "1");
            }
            for (String key : SPINNING_KEYS) {
                options.addConfigEntry(key, allowSpinning ? "1" : "0");
            }
            return options;
        } catch (OrtException e) {
            options.close();
            throw new BackendException("ONNX Runtime rejected the session options " + applied() + ": " + e.getMessage(), e);
        }
    }

    Map<String, String> applied() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(INTRA_OP_THREADS, Integer.toString(intraOpThreads));
        m.put(INTER_OP_THREADS, Integer.toString(interOpThreads));
        m.put(EXECUTION_MODE, executionMode);
        m.put(GRAPH_OPTIMIZATION_LEVEL, optimizationLevel);
        m.put(STRICT, Boolean.toString(strict));
        m.put(ALLOW_SPINNING, Boolean.toString(allowSpinning));
        // a folder the harness filled from the class path's own jar is no choice of the user's: not listed
        String nativePath = System.getProperty("onnxruntime.native.path");
        if (nativePath != null && !Boolean.getBoolean("portbench.onnxruntime.native.path.from.jar")) {
            m.put("native_path", nativePath);
        }
        return m;
    }
}
