package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.CudaDeviceOrder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ONNX Runtime's CUDA provider. Every option is passed to ORT explicitly, so the row records what ran rather than what
 * a version's defaults happened to be; {@code use_tf32} changes numerics (TF32 matmuls keep 10 mantissa bits).
 *
 * @param gpuMemLimit    bytes the arena may hold; 0 for ORT's default (no limit), which is then not passed
 * @param visibleDevices {@code CUDA_VISIBLE_DEVICES} for the cell's JVMs; null keeps the launcher's
 * @param libraryPath    folders the cell's JVMs search first for CUDA's libraries (in front of LD_LIBRARY_PATH)
 */
record CudaExecution(int deviceId, long gpuMemLimit, String arenaExtendStrategy, String cudnnConvAlgoSearch,
                     boolean useTf32, String visibleDevices, List<String> libraryPath) implements OrtExecutionProvider {

    static final String PROVIDER = "CUDAExecutionProvider";
    static final String DEVICE_ID = "device_id";
    static final String GPU_MEM_LIMIT = "gpu_mem_limit";
    static final String ARENA_EXTEND_STRATEGY = "arena_extend_strategy";
    static final String CUDNN_CONV_ALGO_SEARCH = "cudnn_conv_algo_search";
    static final String USE_TF32 = "use_tf32";
    static final String VISIBLE_DEVICES = "visible_devices";
    static final String LIBRARY_PATH = "library_path";
    static final List<String> ARENA_STRATEGIES = List.of("kNextPowerOfTwo", "kSameAsRequested");
    static final List<String> CONV_SEARCHES = List.of("EXHAUSTIVE", "HEURISTIC", "DEFAULT");

    static final Map<String, String> DOCUMENTATION = Map.of(
            DEVICE_ID, "CUDA device index (default 0; CUDA_VISIBLE_DEVICES renumbers them)",
            GPU_MEM_LIMIT, "bytes the CUDA arena may hold, or unlimited (the default)",
            ARENA_EXTEND_STRATEGY, "kNextPowerOfTwo (default) or kSameAsRequested",
            CUDNN_CONV_ALGO_SEARCH, "EXHAUSTIVE (default), HEURISTIC or DEFAULT",
            USE_TF32, "true (default) or false: TF32 matmuls on Ampere and later change numerics",
            VISIBLE_DEVICES, "CUDA_VISIBLE_DEVICES for the cell's JVMs, e.g. 1 or 0,1 (default: as portbench was started)",
            LIBRARY_PATH, "folders with CUDA 12, cuDNN 9 (and TensorRT) libraries, ':'-separated, searched first");

    static CudaExecution from(BackendOptions options) {
        return new CudaExecution(
                options.nonNegativeInt(DEVICE_ID, 0),
                gpuMemLimit(options),
                options.exactChoice(ARENA_EXTEND_STRATEGY, "kNextPowerOfTwo", ARENA_STRATEGIES),
                options.choice(CUDNN_CONV_ALGO_SEARCH, "EXHAUSTIVE", CONV_SEARCHES),
                options.bool(USE_TF32, true),
                options.deviceList(VISIBLE_DEVICES),
                options.folders(LIBRARY_PATH));
    }

    /** Bytes, or 0 for none: "unlimited", as the row records the default, is accepted back as an option. */
    private static long gpuMemLimit(BackendOptions options) {
        String raw = options.asMap().get(GPU_MEM_LIMIT);
        if (raw == null || raw.trim().equalsIgnoreCase("unlimited")) {
            return 0;
        }
        return options.positiveLong(GPU_MEM_LIMIT, 0);
    }

    /** What the cell JVMs' environment must hold for these options. */
    dev.portbench.backend.CellEnvironment environment() {
        Map<String, String> variables = new java.util.LinkedHashMap<>(CudaDeviceOrder.variables(
                System.getenv(CudaDeviceOrder.VARIABLE))); // bus order, as the telemetry numbers GPUs
        if (visibleDevices != null) {
            variables.put("CUDA_VISIBLE_DEVICES", visibleDevices);
        }
        return new dev.portbench.backend.CellEnvironment(variables, libraryPath);
    }

    @Override
    public Set<String> accelerators() {
        return Set.of(PROVIDER);
    }

    @Override
    public void appendTo(SessionOptions options) throws OrtException {
        try (OrtCUDAProviderOptions cuda = providerOptions()) {
            options.addCUDA(cuda);
        }
    }

    OrtCUDAProviderOptions providerOptions() throws OrtException {
        OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(deviceId);
        try {
            if (gpuMemLimit > 0) {
                cuda.add(GPU_MEM_LIMIT, Long.toString(gpuMemLimit));
            }
            cuda.add(ARENA_EXTEND_STRATEGY, arenaExtendStrategy);
            cuda.add(CUDNN_CONV_ALGO_SEARCH, cudnnConvAlgoSearch);
            cuda.add(USE_TF32, useTf32 ? "1" : "0");
            return cuda;
        } catch (OrtException | RuntimeException e) {
            cuda.close();
            throw e;
        }
    }

    @Override
    public Map<String, String> applied() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("provider", "CUDA");
        putOptions(m);
        return m;
    }

    /** The CUDA options without the provider's name, also for TensorRT, which hands CUDA what it cannot run. */
    void putOptions(Map<String, String> m) {
        m.put(DEVICE_ID, Integer.toString(deviceId));
        m.put(GPU_MEM_LIMIT, gpuMemLimit > 0 ? Long.toString(gpuMemLimit) : "unlimited");
        m.put(ARENA_EXTEND_STRATEGY, arenaExtendStrategy);
        m.put(CUDNN_CONV_ALGO_SEARCH, cudnnConvAlgoSearch);
        m.put(USE_TF32, Boolean.toString(useTf32));
        String seen = System.getenv("CUDA_VISIBLE_DEVICES"); // what this JVM was started with: the row says what ran
        m.put(VISIBLE_DEVICES, seen == null ? "all (CUDA_VISIBLE_DEVICES unset)" : seen);
        m.put(LIBRARY_PATH, libraryPath.isEmpty() ? "none" : String.join(":", libraryPath));
    }

    @Override
    public String device() {
        return NvidiaGpus.describe(deviceId);
    }
}
