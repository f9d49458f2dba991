package dev.portbench.backend.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.TelemetryTarget;
import dev.portbench.scenarios.Dtype;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider is found, loads the real engine offline on the CPU, and says why a GPU cannot be used here. */
class DjlPyTorchProviderTest {
    private final DjlPyTorchProvider provider = new DjlPyTorchProvider();

    @Test
    void isDiscoveredAndRunsOnTheCpuOffline() {
        assertTrue(Backends.find(DjlPyTorchProvider.ID).isPresent());
        assertTrue(provider.probe().available(), provider.probe().reason());
        try (Backend b = provider.create(new BackendOptions(DjlPyTorchProvider.ID, Map.of("intra_op_threads", "1")))) {
            assertTrue(b.runtimeVersion().matches("pytorch 2\\.7\\.1 \\(djl \\d+\\.\\d+\\.\\d+\\)"), b.runtimeVersion());
            assertEquals(1, b.threads(), "PyTorch reports the threads it was given");
            Map<String, String> applied = b.appliedOptions();
            assertEquals("cpu", applied.get("device"));
            assertEquals("1", applied.get("intra_op_threads"));
            assertTrue(applied.get("libtorch_path").contains("pytorch"), applied.toString());
            assertEquals("2.7.1", applied.get("pytorch_version"));
            assertEquals("bf16", b.arithmetic(Dtype.BF16));
            assertEquals("fp32", b.arithmetic(Dtype.INT8_WO), "int8 weights are dequantised into fp32 products");
        }
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }

    /** This machine's libtorch is the CPU build from pytorch-native-cpu: a GPU is refused in DJL's terms. */
    @Test
    void aGpuNeedsACudaLibtorchAndSaysSo() {
        Availability a = provider.probe(new BackendOptions(DjlPyTorchProvider.ID, Map.of("device", "gpu")));
        assertFalse(a.available());
        assertTrue(a.reason().startsWith("PyTorch 2.7.1 as DJL loaded it from ") && a.reason().contains(
                "reports no CUDA (a CPU build of libtorch, or no usable CUDA device or driver); device=gpu needs a"
                + " CUDA libtorch 2.7.1 and a GPU: set djl-pytorch.libtorch_path"), a.reason());
    }

    /** Whether a device exists is PyTorch's answer: the CPU takes a tensor, this CPU build's CUDA device does not. */
    @Test
    void placingATensorIsPyTorchsOwnAnswerToWhetherADeviceRuns() {
        Engine engine = DjlEngine.load();
        assertNull(DjlEngine.placementError(engine, Device.cpu()));
        String refused = DjlEngine.placementError(engine, Device.gpu(0));
        assertNotNull(refused, "a CPU build of libtorch has no cuda:0");
        assertTrue(refused.startsWith("Could not run 'aten::") && refused.contains("'CUDA' backend"), refused);
        assertTrue(refused.length() <= 201 && !refused.contains("\n"), "one line, cut: " + refused);
    }

    @Test
    void telemetryReadsTheGpuTheRuntimeNumbersThroughTheVisibleList() {
        assertEquals(TelemetryTarget.hostCpu(), provider.telemetryTarget(BackendOptions.none(DjlPyTorchProvider.ID)));
        assertEquals(TelemetryTarget.nvidiaGpu(3), provider.telemetryTarget(new BackendOptions(DjlPyTorchProvider.ID,
                Map.of("device", "gpu", "device_id", "1", "visible_devices", "2,3"))));
    }
}
