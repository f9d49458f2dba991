package dev.portbench.backend.onnxruntime;

import ai.onnxruntime.OrtSession.SessionOptions;
import dev.portbench.backend.HostCpu;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** ONNX Runtime's CPU provider, which every session has: nothing to register, nothing to accelerate. */
record CpuExecution() implements OrtExecutionProvider {

    @Override
    public Set<String> accelerators() {
        return Set.of();
    }

    @Override
    public void appendTo(SessionOptions options) {
        // the CPU provider is always there
    }

    @Override
    public Map<String, String> applied() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("provider", "CPU");
        return m;
    }

    @Override
    public String device() {
        return HostCpu.modelName();
    }
}
