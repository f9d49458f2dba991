package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.BackendOptions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX Runtime's TensorRT execution provider, CUDA after it for the nodes TensorRT does not take, the CPU last. The
 * engine is built in the cell's accuracy pass ({@code compile_s}) and cached for every fork.
 */
public final class OrtTensorRtProvider extends OrtGpuProviderBase {

    @Override
    public String id() {
        return "onnxruntime-tensorrt";
    }

    @Override
    public String description() {
        return "ONNX Runtime, TensorRT execution provider with CUDA (NVIDIA GPUs; runs"
                + " com.microsoft.onnxruntime:onnxruntime_gpu, needs TensorRT 10 libraries)";
    }

    @Override
    OrtExecutionProvider executionProvider(BackendOptions options) {
        return TensorRtExecution.from(options);
    }

    @Override
    Map<String, String> providerOptions() {
        Map<String, String> all = new LinkedHashMap<>(CudaExecution.DOCUMENTATION);
        all.putAll(TensorRtExecution.DOCUMENTATION);
        return all;
    }
}
