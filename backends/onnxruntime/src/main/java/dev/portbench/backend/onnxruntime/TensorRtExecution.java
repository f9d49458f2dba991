package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import dev.portbench.backend.BackendOptions;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * ONNX Runtime's TensorRT provider, with CUDA registered after it for the nodes TensorRT does not take (ORT's own
 * advice). The engine is cached on disk, so the accuracy pass builds it once per cell ({@code compile_s}) and every
 * JMH fork and round loads it instead of building it again; the timing cache speeds up later builds. By default both
 * live in the cell's folder ({@value #CELL_DIR_PROPERTY}, set by the harness), so no other cell reuses them.
 */
record TensorRtExecution(CudaExecution cuda, boolean fp16, boolean int8, long maxWorkspaceSize, String engineCachePath,
                         String timingCachePath) implements OrtExecutionProvider {

    static final String PROVIDER = "TensorrtExecutionProvider";
    static final String CELL_DIR_PROPERTY = "portbench.cell.dir";
    static final String FP16 = "trt_fp16_enable";
    static final String INT8 = "trt_int8_enable";
    static final String MAX_WORKSPACE_SIZE = "trt_max_workspace_size";
    static final String ENGINE_CACHE_PATH = "trt_engine_cache_path";
    static final String TIMING_CACHE_PATH = "trt_timing_cache_path";
    static final long DEFAULT_WORKSPACE = 1L << 30;
    /**
     * How a row names the default cache folder: the cell's folder is another path in every run, its role is not, and
     * a path in the row would make every night's options differ from the last (the gate's settings check).
     */
    static final String CELL_CACHE_LABEL = "(cell folder)/trt-cache";

    static final Map<String, String> DOCUMENTATION = Map.of(
            FP16, "true or false (default): let TensorRT run layers in fp16 (changes numerics)",
            INT8, "true or false (default): let TensorRT run layers in int8 (needs calibration)",
            MAX_WORKSPACE_SIZE, "bytes TensorRT may use while building the engine (default 1073741824)",
            ENGINE_CACHE_PATH, "folder of the engine cache (default: the cell's folder/trt-cache)",
            TIMING_CACHE_PATH, "folder of the timing cache (default: the engine cache's)");

    static TensorRtExecution from(BackendOptions options) {
        String cellCache = cellCache();
        String defaultCache = cellCache != null ? cellCache
                : Path.of(System.getProperty("java.io.tmpdir"), "portbench", "trt-cache").toString();
        String engineCache = options.text(ENGINE_CACHE_PATH, defaultCache);
        return new TensorRtExecution(CudaExecution.from(options), options.bool(FP16, false), options.bool(INT8, false),
                options.positiveLong(MAX_WORKSPACE_SIZE, DEFAULT_WORKSPACE), engineCache,
                options.text(TIMING_CACHE_PATH, engineCache));
    }

    /** The cache folder in the cell's folder the harness names; null outside a harness cell. */
    private static String cellCache() {
        String cellDir = System.getProperty(CELL_DIR_PROPERTY);
        return cellDir != null && !cellDir.isBlank() ? Path.of(cellDir).resolve("trt-cache").toString() : null;
    }

    private static String recorded(String path) {
        return path.equals(cellCache()) ? CELL_CACHE_LABEL : path;
    }

    /** What the row records of TensorRT's own TF32 use, which no option changes. */
    static final String TRT_TF32 = "trt_tf32";

    @Override
    public Set<String> accelerators() {
        return Set.of(PROVIDER, CudaExecution.PROVIDER);
    }

    @Override
    public void appendTo(SessionOptions options) throws OrtException {
        try (OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(cuda.deviceId())) {
            trt.add(FP16, fp16 ? "1" : "0");
            trt.add(INT8, int8 ? "1" : "0");
            trt.add(MAX_WORKSPACE_SIZE, Long.toString(maxWorkspaceSize));
            trt.add("trt_engine_cache_enable", "1");
            trt.add(ENGINE_CACHE_PATH, engineCachePath);
            trt.add("trt_timing_cache_enable", "1");
            trt.add(TIMING_CACHE_PATH, timingCachePath);
            options.addTensorrt(trt);
        }
        cuda.appendTo(options);
    }

    @Override
    public Map<String, String> applied() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("provider", "TensorRT+CUDA");
        m.put(FP16, Boolean.toString(fp16));
        m.put(INT8, Boolean.toString(int8));
        m.put(MAX_WORKSPACE_SIZE, Long.toString(maxWorkspaceSize));
        m.put("trt_engine_cache_enable", "true");
        m.put(ENGINE_CACHE_PATH, recorded(engineCachePath));
        m.put("trt_timing_cache_enable", "true");
        m.put(TIMING_CACHE_PATH, recorded(timingCachePath));
        // TensorRT's builder allows TF32 by default and ORT's provider has no option to stop it: use_tf32 below is
        // the CUDA provider's, for the nodes TensorRT leaves to it, so the row says what TensorRT's own layers do
        m.put(TRT_TF32, "on (TensorRT's default, which ONNX Runtime cannot switch off)");
        cuda.putOptions(m);
        return m;
    }

    @Override
    public String device() {
        return cuda.device();
    }
}
