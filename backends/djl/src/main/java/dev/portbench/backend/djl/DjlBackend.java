package dev.portbench.backend.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.portbench.backend.Backend;
import dev.portbench.backend.HostCpu;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.Session;
import dev.portbench.backend.UnsupportedModelException;
import dev.portbench.backend.UnsupportedPrecisionException;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeOp;

import java.util.LinkedHashMap;
import java.util.Map;

/** DJL's PyTorch engine, loaded, on one device; opens portbench's decoder built from NDArray operations. */
final class DjlBackend implements Backend {
    private final DjlSettings settings;
    private final Engine engine;
    private final Device device;

    DjlBackend(DjlSettings settings) {
        this.settings = settings;
        this.engine = DjlEngine.load();
        this.device = DjlEngine.device(settings);
        // the cell JVM's system property sets it as the engine loads; set here too for JVMs started otherwise
        JniUtils.setNumThreads(settings.intraOpThreads());
    }

    @Override
    public String runtimeVersion() {
        return "pytorch " + engine.getVersion() + " (djl " + Engine.getDjlVersion() + ")";
    }

    @Override
    public String device() {
        if (!settings.onGpu()) {
            return HostCpu.modelName();
        }
        return "cuda:" + settings.deviceId() + " (compute capability " + computeCapability() + ")";
    }

    /** DJL reads it through libcudart.so, which a libtorch with its own renamed copy of it may not have beside it. */
    private String computeCapability() {
        try {
            return ai.djl.util.cuda.CudaUtils.getComputeCapability(settings.deviceId());
        } catch (RuntimeException | LinkageError e) {
            return "unknown: " + DjlEngine.causes(e);
        }
    }

    @Override
    public int threads() {
        return JniUtils.getNumThreads();
    }

    @Override
    public Map<String, String> appliedOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DjlSettings.DEVICE, settings.device());
        if (settings.onGpu()) {
            m.put(DjlSettings.DEVICE_ID, Integer.toString(settings.deviceId()));
        }
        m.put(DjlSettings.INTRA_OP_THREADS, Integer.toString(JniUtils.getNumThreads()));
        m.put(DjlSettings.INTER_OP_THREADS, Integer.toString(JniUtils.getNumInteropThreads()));
        m.put(DjlSettings.LIBTORCH_PATH, DjlEngine.libtorchPath());
        m.put(DjlSettings.FLAVOR, settings.flavor() != null ? settings.flavor() : "djl-default");
        m.put("pytorch_version", engine.getVersion());
        if (settings.onGpu()) { // a GPU-only setting, refused with device=cpu
            m.put(DjlSettings.CUDNN_BENCHMARK, Boolean.toString(settings.cudnnBenchmark()));
        }
        // DJL has no switch for TF32: PyTorch's defaults hold (matmul TF32 off, cuDNN convolutions TF32 on)
        m.put("tf32", "pytorch-default (matmul off)");
        if (settings.onGpu()) { // what this JVM was started with, as the ONNX Runtime GPU backends record it
            String seen = System.getenv("CUDA_VISIBLE_DEVICES");
            m.put(DjlSettings.VISIBLE_DEVICES, seen == null ? "all (CUDA_VISIBLE_DEVICES unset)" : seen);
        }
        return m;
    }

    @Override
    public Session open(ModelArtifact model) {
        if (model.dtype() == Dtype.BF16) {
            // JniUtils passes DataType.ordinal() to the JNI's dtype switch, which has no case for BFLOAT16 (11) and
            // rethrows with no exception in flight: std::terminate, the whole JVM gone with exit 134
            throw new UnsupportedPrecisionException("djl-pytorch cannot run bf16: DJL " + Engine.getDjlVersion()
                    + "'s PyTorch JNI has no bfloat16 in its dtype table and aborts the JVM (SIGABRT) on any bfloat16"
                    + " tensor; expected fp32, fp16 or int8-wo for djl-pytorch");
        }
        ModelSpec spec = model.scenario().model();
        if (spec.isMoe() && spec.moe().op() == MoeOp.FUSED) {
            throw new UnsupportedModelException("moe_op fused is ONNX Runtime's com.microsoft.MoE node in the exported"
                    + " graph; djl-pytorch builds the model in PyTorch, which has no such op, and would time its"
                    + " per-expert loop instead: expected moe_op loop for djl-pytorch");
        }
        return new DjlSession(model, device);
    }

    @Override
    public void close() {
        // the engine is the JVM's: nothing of this backend's to free
    }
}
