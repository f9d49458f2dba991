package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TensorSpec;
import dev.portbench.scenarios.WeightLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceWeightsTest {

    @Test
    void everyTensorIsWidenedExactlyMatricesPackedAndAllCountedInBytes() {
        ModelSpec spec = ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow().model();
        ModelWeights mw = ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow().weights();
        int panel = 12;
        ReferenceWeights rw = new ReferenceWeights(mw, panel);
        long padded = 0;
        int matrices = 0;
        for (TensorSpec t : mw.layout().tensors()) {
            float[] f = mw.get(t.name());
            int[] shape = t.shape();
            if (shape.length == 2 && !t.name().equals(WeightLayout.embed())) {
                PackedMatrix m = rw.matrix(t.name());
                assertEquals(shape[0], m.in(), t.name());
                assertEquals(shape[1], m.out(), t.name());
                assertEquals(panel, m.panel(), t.name());
                for (int k = 0; k < shape[0]; k++) {
                    for (int j = 0; j < shape[1]; j++) {
                        assertEquals((double) f[k * shape[1] + j], m.get(k, j), t.name() + "[" + k + "][" + j + "]");
                    }
                }
                padded += (long) shape[0] * ((shape[1] + panel - 1) / panel * panel - shape[1]);
                matrices++;
            } else {
                double[] d = rw.get(t.name());
                assertEquals(f.length, d.length, t.name());
                for (int i = 0; i < f.length; i++) {
                    assertEquals((double) f[i], d[i], t.name());
                }
            }
        }
        assertTrue(matrices > 10, matrices + " matrices");
        assertEquals(8 * (spec.totalParameters() + padded), rw.bytes());
    }

    @Test
    void rowMajorMatricesHoldEveryParameterOnce() {
        Scenario s = ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow();
        assertEquals(8 * s.model().totalParameters(),
                new ReferenceWeights(s.weights(), PackedMatrix.ROW_MAJOR).bytes());
    }

    @Test
    void unknownNameIsRejectedNamingIt() {
        ReferenceWeights rw = new ReferenceWeights(ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow().weights());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rw.get("layers.0.router"));
        assertTrue(e.getMessage().contains("no weight tensor named 'layers.0.router'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rw.matrix("layers.0.router"));
        assertTrue(e.getMessage().contains("no weight tensor named 'layers.0.router'"), e.getMessage());
    }

    @Test
    void aMatrixAskedForAsAnArrayAndAGainAskedForAsAMatrixAreRejectedSayingWhichReaderFits() {
        ReferenceWeights rw = new ReferenceWeights(ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow().weights());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rw.get(WeightLayout.wq(0)));
        assertTrue(e.getMessage().contains("'" + WeightLayout.wq(0) + "' is a matrix"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rw.matrix(WeightLayout.attnNorm(0)));
        assertTrue(e.getMessage().contains("'" + WeightLayout.attnNorm(0) + "' is not a matrix"), e.getMessage());
    }
}
