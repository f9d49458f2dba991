package dev.portbench.backend.onnxruntime.cann;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The device column: device_id counts the visible devices, the driver's node the physical ones. */
class CannBackendTest {
    @TempDir
    Path dev;

    @Test
    void theNodeNamedIsThePhysicalDeviceTheVisibleListMapsTo() throws IOException {
        Files.createFile(dev.resolve("davinci4"));
        assertEquals("Ascend NPU device 0 (CANN execution provider; physical device 4, /dev/davinci4 present)",
                CannBackend.device(0, "4,5", dev));
        assertEquals("Ascend NPU device 1 (CANN execution provider; physical device 5, /dev/davinci5 absent)",
                CannBackend.device(1, "4,5", dev));
        assertEquals("Ascend NPU device 0 (CANN execution provider; /dev/davinci0 absent)",
                CannBackend.device(0, null, dev));
        assertEquals("Ascend NPU device 2 (CANN execution provider; ASCEND_RT_VISIBLE_DEVICES=4,5 shows no device 2)",
                CannBackend.device(2, "4,5", dev));
    }
}
