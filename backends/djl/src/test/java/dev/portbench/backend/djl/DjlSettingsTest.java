package dev.portbench.backend.djl;

import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.CellEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Options are checked without loading DJL, and reach the cell's JVM as DJL and PyTorch read them. */
class DjlSettingsTest {

    private static DjlSettings settings(Map<String, String> values) {
        return DjlSettings.from(new BackendOptions(DjlPyTorchProvider.ID, values));
    }

    @Test
    void defaultsAreTheCpuWithEveryCoreAndDjlsOwnLibtorch() {
        DjlSettings s = settings(Map.of());
        assertEquals("cpu", s.device());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.intraOpThreads());
        assertEquals(1, s.interOpThreads());
        assertNull(s.libtorchPath());
        CellEnvironment env = s.cellEnvironment();
        assertEquals(Map.of("DJL_OFFLINE", "true"), env.variables(), "DJL reads the variable before the property");
        assertEquals(List.of(), env.libraryDirs());
        assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()),
                env.systemProperties().get("ai.djl.pytorch.num_threads"));
        assertEquals("1", env.systemProperties().get("ai.djl.pytorch.num_interop_threads"));
        assertEquals("false", env.systemProperties().get("ai.djl.pytorch.cudnn_benchmark"));
        assertEquals("true", env.systemProperties().get("ai.djl.offline"));
    }

    /** An unpacked libtorch zip has libtorch.so in lib/: DJL and the loader get that folder. */
    @Test
    void aCudaLibtorchIsFoundThroughTheCellsEnvironmentOnly(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib").resolve("libtorch.so"), "");
        DjlSettings s = settings(Map.of("device", "GPU", "device_id", "1", "libtorch_path", dir.toString(),
                "flavor", "cu128", "cudnn_benchmark", "true", "visible_devices", "2,3", "intra_op_threads", "4"));
        String lib = dir.resolve("lib").toAbsolutePath().toString();
        CellEnvironment env = s.cellEnvironment();
        Map<String, String> expected = new java.util.HashMap<>(Map.of("PYTORCH_LIBRARY_PATH", lib, "PYTORCH_FLAVOR",
                "cu128", "CUDA_VISIBLE_DEVICES", "2,3", "DJL_OFFLINE", "true"));
        // GPUs in bus order, as NVML and nvidia-smi number them (unless the launcher was given an order)
        expected.putAll(dev.portbench.backend.CudaDeviceOrder.variables(
                System.getenv(dev.portbench.backend.CudaDeviceOrder.VARIABLE)));
        assertEquals(expected, env.variables());
        assertEquals(List.of(lib), env.libraryDirs());
        assertEquals("4", env.systemProperties().get("ai.djl.pytorch.num_threads"));
        assertEquals("true", env.systemProperties().get("ai.djl.pytorch.cudnn_benchmark"));
        assertEquals(1, s.deviceId());
        assertEquals(true, s.onGpu());
    }

    @Test
    void badValuesNameTheOptionAndWhatWasExpected(@TempDir Path dir) {
        assertEquals("option djl-pytorch.device = 'tpu'; expected cpu or gpu",
                assertThrows(BackendException.class, () -> settings(Map.of("device", "tpu"))).getMessage());
        for (String gpuOnly : List.of("device_id", "cudnn_benchmark", "visible_devices")) {
            assertEquals("option djl-pytorch." + gpuOnly + " = '1' with device=cpu; expected it only with device=gpu",
                    assertThrows(BackendException.class, () -> settings(Map.of(gpuOnly, "1"))).getMessage());
        }
        assertEquals("option djl-pytorch.flavor = 'cuda12'; expected cpu or cuNNN (e.g. cu128)",
                assertThrows(BackendException.class, () -> settings(Map.of("flavor", "cuda12"))).getMessage());
        assertEquals("option djl-pytorch.libtorch_path = '" + dir + "': no libtorch.so in that folder nor in its lib/;"
                        + " expected the folder of an installed libtorch",
                assertThrows(BackendException.class, () -> settings(Map.of("libtorch_path", dir.toString())))
                        .getMessage());
        Path lib = dir.resolve("libtorch");
        assertEquals("option djl-pytorch.flavor = 'cu128' without libtorch_path; expected both (the installed"
                + " libtorch's folder and its build, e.g. cu128) or neither (the bundled CPU libtorch)",
                assertThrows(BackendException.class, () -> settings(Map.of("flavor", "cu128"))).getMessage());
        assertEquals("option djl-pytorch.libtorch_path = '" + lib + "' without flavor; expected both (the installed"
                + " libtorch's folder and its build, e.g. cu128) or neither (the bundled CPU libtorch)",
                assertThrows(BackendException.class, () -> {
                    Files.createDirectories(lib);
                    Files.writeString(lib.resolve("libtorch.so"), "");
                    settings(Map.of("libtorch_path", lib.toString()));
                }).getMessage());
        assertEquals("option djl-pytorch.visible_devices = 'GPU-1'; expected device indices joined by commas, e.g. 0"
                        + " or 2,3",
                assertThrows(BackendException.class, () -> settings(Map.of("device", "gpu", "visible_devices",
                        "GPU-1"))).getMessage());
        assertEquals("option djl-pytorch.intra_op_threads = '0'; expected a positive integer, cores (the "
                        + Runtime.getRuntime().availableProcessors() + " processors this JVM may use) or cores-N with"
                        + " N >= 1 (N fewer, never below 1), e.g. cores-1",
                assertThrows(BackendException.class, () -> settings(Map.of("intra_op_threads", "0"))).getMessage());
    }
}
