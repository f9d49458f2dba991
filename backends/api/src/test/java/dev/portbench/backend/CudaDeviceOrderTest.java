package dev.portbench.backend;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CudaDeviceOrderTest {

    @Test
    void cellsRunInBusOrderUnlessTheUserChoseAnOrder() {
        assertEquals(Map.of("CUDA_DEVICE_ORDER", "PCI_BUS_ID"), CudaDeviceOrder.variables(null));
        assertEquals(Map.of(), CudaDeviceOrder.variables("FASTEST_FIRST"), "the user's order stays");
        assertEquals(Map.of(), CudaDeviceOrder.variables("PCI_BUS_ID"));
    }

    /** Device 1 of CUDA_VISIBLE_DEVICES=2,3 is the tools' GPU 3 in bus order; in another order it is not known. */
    @Test
    void theTelemetrysGpuIsKnownOnlyInBusOrder() {
        assertEquals(TelemetryTarget.nvidiaGpu(3), CudaDeviceOrder.gpu(1, "2,3", null));
        assertEquals(TelemetryTarget.nvidiaGpu(3), CudaDeviceOrder.gpu(1, "2,3", " PCI_BUS_ID"));
        assertEquals(TelemetryTarget.nvidiaGpu(TelemetryTarget.UNKNOWN_INDEX),
                CudaDeviceOrder.gpu(1, "2,3", "FASTEST_FIRST"));
        assertEquals(TelemetryTarget.nvidiaGpu(TelemetryTarget.UNKNOWN_INDEX),
                CudaDeviceOrder.gpu(0, "GPU-8f2a", null));
    }
}
