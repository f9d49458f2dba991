package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.BackendOptions;

import java.util.Map;

/** ONNX Runtime's CUDA execution provider, with ORT's CPU provider for the nodes CUDA has no kernel for. */
public final class OrtCudaProvider extends OrtGpuProviderBase {

    @Override
    public String id() {
        return "onnxruntime-cuda";
    }

    @Override
    public String description() {
        return "ONNX Runtime, CUDA execution provider (NVIDIA GPUs; runs com.microsoft.onnxruntime:onnxruntime_gpu)";
    }

    @Override
    OrtExecutionProvider executionProvider(BackendOptions options) {
        return CudaExecution.from(options);
    }

    @Override
    Map<String, String> providerOptions() {
        return CudaExecution.DOCUMENTATION;
    }
}
