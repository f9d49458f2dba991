package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.DecodeStep;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.Session;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The onnxruntime-cpu backend's outputs on a graph, computed in a JVM of its own: com.microsoft.onnxruntime's
 * libonnxruntime.so.1 and the preset's share a SONAME, so one process cannot load both and keep each its own.
 * Prefill: the forward pass. Decode: the prompt, then one step feeding {@link #stepTokens}.
 */
final class OrtCpuInChildJvm {
    private OrtCpuInChildJvm() {
    }

    /** One token per sequence for the decode step, the same in both backends. */
    static long[] stepTokens(int batch, int vocab) {
        long[] t = new long[batch];
        for (int b = 0; b < batch; b++) {
            t[b] = (7L * b + 3) % vocab;
        }
        return t;
    }

    static List<ForwardOutputs> run(String scenario, String workload, Path onnx, Path dir) throws Exception {
        Path out = dir.resolve(scenario + "-" + workload + ".bin");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrtCpuInChildJvm.class.getName(),
                scenario, workload, onnx.toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("onnxruntime-cpu's child JVM failed: " + log);
        }
        List<ForwardOutputs> outputs = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(out))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                long[] shape = longs(in);
                float[] logits = new float[in.readInt()];
                for (int j = 0; j < logits.length; j++) {
                    logits[j] = in.readFloat();
                }
                List<long[]> routing = new ArrayList<>();
                int layers = in.readInt();
                for (int l = 0; l < layers; l++) {
                    routing.add(longs(in));
                }
                outputs.add(new ForwardOutputs(OutputTensor.ofFloats(shape, logits), routing));
            }
        }
        return outputs;
    }

    public static void main(String[] args) throws IOException {
        Scenario s = ScenarioCatalog.builtIn().find(args[0]).orElseThrow();
        Workload w = s.workload(args[1]).orElseThrow();
        ModelArtifact model = new ModelArtifact(s, w, Dtype.FP32, s.weights(), Path.of(args[2]));
        List<ForwardOutputs> outputs = new ArrayList<>();
        try (Backend b = Backends.find("onnxruntime-cpu").orElseThrow()
                .create(BackendOptions.none("onnxruntime-cpu"));
             Session session = b.open(model)) {
            TokenInputs in = s.inputs(w);
            if (w.newTokens() == 0) {
                outputs.add(session.run(in));
            } else {
                DecodeStep prompt = session.step(in, null);
                outputs.add(prompt.outputs());
                long[] next = stepTokens(in.batch(), s.model().vocabSize());
                DecodeStep step = session.step(new TokenInputs(in.batch(), 1, next), prompt.cache());
                outputs.add(step.outputs());
                step.cache().close();
                prompt.cache().close();
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[3])))) {
            out.writeInt(outputs.size());
            for (ForwardOutputs o : outputs) {
                writeLongs(out, o.logits().shape());
                float[] f = o.logits().floats();
                out.writeInt(f.length);
                for (float v : f) {
                    out.writeFloat(v);
                }
                out.writeInt(o.routerTopK().size());
                for (long[] r : o.routerTopK()) {
                    writeLongs(out, r);
                }
            }
        }
    }

    private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    private static long[] longs(DataInputStream in) throws IOException {
        long[] v = new long[in.readInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readLong();
        }
        return v;
    }
}
