package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.GraphSession;
import dev.portbench.backend.ModelArtifact;
import dev.portbench.backend.OutputTensor;
import dev.portbench.backend.Session;
import dev.portbench.backend.UnsupportedModelException;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.ModelIo;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;
import dev.portbench.scenarios.byo.InputTensor;
import dev.portbench.scenarios.onnx.GemmPeakModel;
import dev.portbench.scenarios.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * onnxruntime-cann's graph sessions (bring-your-own models, the device peak's GEMM chain) through the binding alone:
 * ExecutionProviderStep.NONE, so ORT's default CPU provider. Nothing here runs CANN or stands for it.
 */
class CannGraphSessionTest {
    @TempDir
    Path dir;

    private static Backend withoutExecutionProvider() {
        return new CannBackend(CannSettings.from(BackendOptions.none("onnxruntime-cann")), null,
                ExecutionProviderStep.NONE);
    }

    /** The exported moe-tiny graph as a user's model: the same logits as the decoder's session; routing left out. */
    @Test
    void aGraphRunsLikeTheSessionOnTheSameExportAndKeepsOnlyFloatingPointOutputs() throws Exception {
        Scenario s = ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow();
        Workload w = s.workload("prefill").orElseThrow();
        Path onnx = dir.resolve("moe-tiny-prefill.onnx");
        OnnxExporter.export(s.weights(), Dtype.FP32, w.phase(), onnx);
        TokenInputs ids = s.inputs(w);
        try (Backend b = withoutExecutionProvider()) {
            ForwardOutputs expected;
            try (Session session = b.open(new ModelArtifact(s, w, Dtype.FP32, s.weights(), onnx))) {
                expected = session.run(ids);
            }
            try (GraphSession graph = b.openGraph(onnx)) {
                Map<String, OutputTensor> out = graph.run(List.of(InputTensor.ofLongs(ModelIo.INPUT_IDS,
                        ids.shape(), ids.ids())));
                assertEquals(List.of(ModelIo.LOGITS), List.copyOf(out.keySet()), "router_topk_L are int64");
                assertArrayEquals(expected.logits().shape(), out.get(ModelIo.LOGITS).shape());
                assertArrayEquals(expected.logits().floats(), out.get(ModelIo.LOGITS).floats());
            }
            try (GraphSession audited = b.openGraphAudited(onnx, dir.resolve("audit"))) {
                audited.run(List.of(InputTensor.ofLongs(ModelIo.INPUT_IDS, ids.shape(), ids.ids())));
                assertEquals(0.0, audited.placement().orElseThrow().acceleratorNodeShare().orElseThrow(),
                        "no CANN provider appended: every node on ORT's CPU provider");
            }
        }
    }

    /** The device peak's graph: A·s, then B twice, summed; checked against the same products in Java. */
    @Test
    void theDevicePeaksGemmChainLoadsAndComputesItsChecksum() throws Exception {
        GemmPeakModel model = new GemmPeakModel("fp32", 3, 2, 7L);
        Path onnx = dir.resolve("gemm.onnx");
        model.write(onnx);
        float[] a = model.matrix("A");
        float[] bm = model.matrix("B");
        double[] y = new double[9];
        for (int i = 0; i < 9; i++) {
            y[i] = 2.0 * a[i];
        }
        for (int step = 0; step < 2; step++) {
            double[] next = new double[9];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    for (int k = 0; k < 3; k++) {
                        next[3 * r + c] += y[3 * r + k] * bm[3 * k + c];
                    }
                }
            }
            y = next;
        }
        double expected = java.util.Arrays.stream(y).sum();
        List<InputTensor> scale = List.of(InputTensor.ofFloats(GemmPeakModel.SCALE_INPUT, new long[] {1},
                new float[] {2f}));
        try (Backend b = withoutExecutionProvider(); GraphSession graph = b.openGraph(onnx)) {
            OutputTensor checksum = graph.run(scale).get(GemmPeakModel.CHECKSUM_OUTPUT);
            assertEquals(expected, checksum.floats()[0], 1e-5);
            // the timed form: inputs made once, each invoke a Run whose outputs release frees
            try (dev.portbench.backend.PreparedGraphRun run = graph.prepare(scale)) {
                for (int i = 0; i < 3; i++) {
                    run.invoke();
                    run.release();
                }
                run.invoke(); // left for close to free
            }
            assertEquals(checksum.floats()[0], graph.run(scale).get(GemmPeakModel.CHECKSUM_OUTPUT).floats()[0]);
        }
    }

    @Test
    void aFileThatIsNoGraphIsAFailureNamingItAndAnInputGivenTwiceIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        try (Backend b = withoutExecutionProvider()) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> b.openGraph(junk));
            assertTrue(!(e instanceof UnsupportedModelException) && e.getMessage().contains(junk.toString()),
                    e.getMessage());
            GemmPeakModel model = new GemmPeakModel("fp32", 2, 1, 7L);
            Path onnx = dir.resolve("gemm2.onnx");
            model.write(onnx);
            try (GraphSession graph = b.openGraph(onnx)) {
                InputTensor s = InputTensor.ofFloats(GemmPeakModel.SCALE_INPUT, new long[] {1}, new float[] {1f});
                RuntimeException twice = assertThrows(RuntimeException.class, () -> graph.run(List.of(s, s)));
                assertTrue(twice.getMessage().contains("input 'scale' was given twice"), twice.getMessage());
            }
        }
    }
}
