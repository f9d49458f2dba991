package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OrtEnvironment;
import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.backend.CellEnvironment;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.Dtype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * onnxruntime-cuda and onnxruntime-tensorrt on this machine, which has ONNX Runtime's CPU jar and no GPU: what the
 * probe says in the runtime's own words, how options are checked and recorded, and what the cells' JVMs need.
 */
class OrtGpuProvidersTest {
    private final OrtCudaProvider cuda = new OrtCudaProvider();
    private final OrtTensorRtProvider tensorrt = new OrtTensorRtProvider();

    @TempDir
    Path dir;

    private static BackendOptions options(String backend, Map<String, String> values) {
        return new BackendOptions(backend, values);
    }

    @Test
    void bothAreRegistered() {
        assertTrue(Backends.find("onnxruntime-cuda").orElseThrow() instanceof OrtCudaProvider);
        assertTrue(Backends.find("onnxruntime-tensorrt").orElseThrow() instanceof OrtTensorRtProvider);
    }

    @Test
    void withTheCpuJarTheProbeQuotesOnnxRuntimeNotFindingTheProvider() {
        String version = "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion();
        Availability c = cuda.probe();
        assertFalse(c.available());
        assertEquals(version + " could not register CUDA for onnxruntime-cuda: Error code - ORT_EP_FAIL - message:"
                + " Failed to find CUDA shared provider", c.reason());
        Availability t = tensorrt.probe(options("onnxruntime-tensorrt", Map.of("device_id", "1")));
        assertFalse(t.available());
        assertEquals(version + " could not register TensorRT+CUDA for onnxruntime-tensorrt: Error code - ORT_EP_FAIL"
                + " - message: Failed to find TensorRT shared provider", t.reason());
    }

    @Test
    void openingASessionWithoutTheProviderFailsWithTheRuntimesWords() throws Exception {
        ModelArtifact model = ExportedModels.export(dir, "dense-tiny", "prefill", Dtype.FP32);
        try (Backend b = cuda.create(BackendOptions.none("onnxruntime-cuda"))) {
            BackendException e = assertThrows(BackendException.class, () -> b.open(model).close());
            assertTrue(e.getMessage().contains("Failed to find CUDA shared provider"), e.getMessage());
        }
    }

    @Test
    void everyCudaOptionIsRecordedDefaultsIncluded() {
        try (Backend b = cuda.create(BackendOptions.none("onnxruntime-cuda"))) {
            Map<String, String> applied = b.appliedOptions();
            assertEquals("CUDA", applied.get("provider"));
            assertEquals("0", applied.get("device_id"));
            assertEquals("unlimited", applied.get("gpu_mem_limit"));
            assertEquals("kNextPowerOfTwo", applied.get("arena_extend_strategy"));
            assertEquals("EXHAUSTIVE", applied.get("cudnn_conv_algo_search"));
            assertEquals("true", applied.get("use_tf32"), "TF32 changes numerics: the row must say it was on");
            assertEquals("false", applied.get("strict"));
            assertEquals("none", applied.get("library_path"));
            assertTrue(applied.containsKey("visible_devices"));
            assertTrue(applied.containsKey("intra_op_threads"));
            assertEquals(List.copyOf(applied.keySet()).get(0), "provider", "the provider first");
        }
        Map<String, String> set = cuda.create(options("onnxruntime-cuda", Map.of("device_id", "3",
                "gpu_mem_limit", "8589934592", "arena_extend_strategy", "kSameAsRequested",
                "cudnn_conv_algo_search", "heuristic", "use_tf32", "false", "strict", "true"))).appliedOptions();
        assertEquals("3", set.get("device_id"));
        assertEquals("8589934592", set.get("gpu_mem_limit"));
        assertEquals("kSameAsRequested", set.get("arena_extend_strategy"));
        assertEquals("HEURISTIC", set.get("cudnn_conv_algo_search"));
        assertEquals("false", set.get("use_tf32"));
        assertEquals("true", set.get("strict"));
    }

    @Test
    void everyTensorRtOptionIsRecordedAndTheEngineCacheLivesInTheCellsFolder() {
        String before = System.getProperty(TensorRtExecution.CELL_DIR_PROPERTY);
        System.setProperty(TensorRtExecution.CELL_DIR_PROPERTY, dir.toString());
        try {
            Map<String, String> applied = tensorrt.create(BackendOptions.none("onnxruntime-tensorrt")).appliedOptions();
            assertEquals("TensorRT+CUDA", applied.get("provider"));
            assertEquals("false", applied.get("trt_fp16_enable"));
            assertEquals("false", applied.get("trt_int8_enable"));
            assertEquals("1073741824", applied.get("trt_max_workspace_size"));
            assertEquals("true", applied.get("trt_engine_cache_enable"));
            TensorRtExecution trt = TensorRtExecution.from(BackendOptions.none("onnxruntime-tensorrt"));
            assertEquals(dir.resolve("trt-cache").toString(), trt.engineCachePath());
            assertEquals(dir.resolve("trt-cache").toString(), trt.timingCachePath());
            // the row names the folder by its role: the cell's folder is another path every night
            assertEquals("(cell folder)/trt-cache", applied.get("trt_engine_cache_path"));
            assertEquals("(cell folder)/trt-cache", applied.get("trt_timing_cache_path"));
            assertEquals("0", applied.get("device_id"), "CUDA's options too: it runs what TensorRT does not");
            assertEquals("true", applied.get("use_tf32"));
            assertEquals("on (TensorRT's default, which ONNX Runtime cannot switch off)", applied.get("trt_tf32"),
                    "use_tf32 is CUDA's: TensorRT's layers use TF32 whatever it says");
            Map<String, String> noTf32 = tensorrt.create(options("onnxruntime-tensorrt", Map.of("use_tf32",
                    "false"))).appliedOptions();
            assertEquals("false", noTf32.get("use_tf32"));
            assertEquals(applied.get("trt_tf32"), noTf32.get("trt_tf32"));
        } finally {
            if (before == null) {
                System.clearProperty(TensorRtExecution.CELL_DIR_PROPERTY);
            } else {
                System.setProperty(TensorRtExecution.CELL_DIR_PROPERTY, before);
            }
        }
        Map<String, String> set = tensorrt.create(options("onnxruntime-tensorrt", Map.of("trt_fp16_enable", "true",
                "trt_engine_cache_path", "/cache/e", "trt_max_workspace_size", "4096"))).appliedOptions();
        assertEquals("true", set.get("trt_fp16_enable"));
        assertEquals("/cache/e", set.get("trt_engine_cache_path"));
        assertEquals("/cache/e", set.get("trt_timing_cache_path"), "the timing cache follows the engine cache");
        assertEquals("4096", set.get("trt_max_workspace_size"));
    }

    @Test
    void badValuesNameTheOptionTheValueAndWhatWasExpected() {
        assertBad(cuda, "device_id", "-1", "expected an integer >= 0");
        assertBad(cuda, "gpu_mem_limit", "lots", "expected a positive whole number (bytes)");
        // what a row records for the default goes back in as an option: a row's options can be replayed
        assertEquals("unlimited", cuda.create(options("onnxruntime-cuda", Map.of("gpu_mem_limit", "unlimited")))
                .appliedOptions().get("gpu_mem_limit"));
        assertBad(cuda, "arena_extend_strategy", "knextpoweroftwo", "expected one of kNextPowerOfTwo, kSameAsRequested");
        assertBad(cuda, "cudnn_conv_algo_search", "FAST", "expected one of EXHAUSTIVE, HEURISTIC, DEFAULT");
        assertBad(cuda, "use_tf32", "yes", "expected true or false");
        assertBad(cuda, "visible_devices", "first", "expected device indices separated by ','");
        assertBad(cuda, "library_path", "lib64", "expected absolute folders separated by ':'");
        assertBad(cuda, "strict", "maybe", "expected true or false");
        assertBad(tensorrt, "trt_fp16_enable", "2", "expected true or false");
        assertBad(tensorrt, "trt_max_workspace_size", "0", "expected a positive whole number (bytes)");
    }

    private static void assertBad(BackendProvider p, String key, String value, String expected) {
        BackendException e = assertThrows(BackendException.class,
                () -> p.checkOptions(new BackendOptions(p.id(), Map.of(key, value))), key);
        assertEquals("option " + p.id() + "." + key + " = '" + value + "'; " + expected,
                e.getMessage().substring(0, Math.min(e.getMessage().length(), ("option " + p.id() + "." + key
                        + " = '" + value + "'; " + expected).length())));
    }

    @Test
    void theCellsJvmsGetTheDevicesAndLibraryFoldersTheOptionsName() {
        // GPUs in bus order, as NVML and nvidia-smi number them (unless the launcher was given an order)
        Map<String, String> order = dev.portbench.backend.CudaDeviceOrder.variables(
                System.getenv(dev.portbench.backend.CudaDeviceOrder.VARIABLE));
        assertEquals(new CellEnvironment(order, List.of()),
                cuda.cellEnvironment(BackendOptions.none("onnxruntime-cuda")));
        CellEnvironment env = tensorrt.cellEnvironment(options("onnxruntime-tensorrt",
                Map.of("visible_devices", "1,2", "library_path", "/opt/cuda-12/lib64:/opt/trt/lib")));
        Map<String, String> expected = new java.util.HashMap<>(order);
        expected.put("CUDA_VISIBLE_DEVICES", "1,2");
        assertEquals(expected, env.variables());
        assertEquals(List.of("/opt/cuda-12/lib64", "/opt/trt/lib"), env.libraryDirs());
    }

    @Test
    void theirCellsRunTheGpuJarOfTheVersionPortbenchIsBuiltAgainstInPlaceOfTheCpuJar() throws Exception {
        assertEquals("com.microsoft.onnxruntime:onnxruntime_gpu", cuda.runtimeArtifact().orElseThrow().coordinates());
        assertEquals("com.microsoft.onnxruntime:onnxruntime",
                tensorrt.replacedRuntimeArtifact().orElseThrow().coordinates());
        Path cpuJar = Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals("onnxruntime-" + cuda.defaultRuntimeVersion().orElseThrow() + ".jar",
                cpuJar.getFileName().toString(), "the same version as the CPU jar of this build");
    }

    @Test
    void strictModeOnTheCpuMakesOnnxRuntimeRefuseTheSessionInItsOwnWords() throws Exception {
        ModelArtifact model = ExportedModels.export(dir, "dense-tiny", "prefill", Dtype.FP32);
        try (Backend b = new OrtCpuProvider().create(options("onnxruntime-cpu", Map.of("strict", "true")))) {
            assertEquals("true", b.appliedOptions().get("strict"));
            BackendException e = assertThrows(BackendException.class,
                    () -> b.open(model).close());
            assertTrue(e.getMessage().contains("fallback to CPU EP has been explicitly disabled by the user"),
                    e.getMessage());
        }
        try (Backend b = new OrtCpuProvider().create(BackendOptions.none("onnxruntime-cpu"));
             Session session = b.open(model)) {
            assertEquals(model.workload().batch(), session.run(model.scenario().inputs(model.workload())).logits()
                    .shape()[0], "off by default");
        }
    }

    @Test
    void aGpuIsNamedFromTheDriversFilesOnlyWhereEveryGpuIsTheSameModel() {
        assertEquals("CUDA device 0 (NVIDIA H100 80GB HBM3, 8 on this host)",
                NvidiaGpus.describe(0, java.util.Collections.nCopies(8, "NVIDIA H100 80GB HBM3")));
        assertEquals("CUDA device 1 (one of 2 GPUs of 2 models: NVIDIA A100-SXM4-40GB, NVIDIA L4)",
                NvidiaGpus.describe(1, List.of("NVIDIA A100-SXM4-40GB", "NVIDIA L4")));
        assertTrue(NvidiaGpus.describe(0, List.of()).startsWith("CUDA device 0 (no NVIDIA driver files under "));
    }
}
