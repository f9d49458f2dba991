package dev.portbench.backend.onnxruntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Names a CUDA device from the NVIDIA driver's own files ({@code /proc/driver/nvidia/gpus/BUS/information}, line
 * {@code Model:}), so that naming it loads no native code. CUDA numbers devices fastest first unless
 * {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}, and {@code CUDA_VISIBLE_DEVICES} renumbers them, so a model is named only where
 * every GPU of the host is the same model; otherwise the row says how many models there are.
 */
final class NvidiaGpus {
    static final Path DRIVER_GPUS = Path.of("/proc/driver/nvidia/gpus");

    private NvidiaGpus() {
    }

    static String describe(int deviceId) {
        return describe(deviceId, models(DRIVER_GPUS));
    }

    static String describe(int deviceId, List<String> models) {
        String device = "CUDA device " + deviceId;
        if (models.isEmpty()) {
            return device + " (no NVIDIA driver files under " + DRIVER_GPUS + ")";
        }
        if (models.stream().distinct().count() == 1) {
            return device + " (" + models.get(0) + ", " + models.size() + " on this host)";
        }
        return device + " (one of " + models.size() + " GPUs of " + models.stream().distinct().count()
                + " models: " + String.join(", ", models.stream().distinct().toList()) + ")";
    }

    /** The model of each GPU the driver lists, in bus order. */
    static List<String> models(Path gpus) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(gpus)) {
            return out;
        }
        try (Stream<Path> buses = Files.list(gpus)) {
            for (Path bus : buses.sorted().toList()) {
                Path info = bus.resolve("information");
                if (Files.isReadable(info)) {
                    for (String line : Files.readAllLines(info)) {
                        if (line.startsWith("Model:")) {
                            out.add(line.substring("Model:".length()).trim());
                        }
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
