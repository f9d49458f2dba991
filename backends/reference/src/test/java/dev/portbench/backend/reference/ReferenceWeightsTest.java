package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.TensorSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceWeightsTest {

    @Test
    void everyTensorIsWidenedExactlyAndCountedInBytes() {
        ModelSpec spec = ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow().model();
        ModelWeights mw = ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow().weights();
        ReferenceWeights rw = new ReferenceWeights(mw);
        for (TensorSpec t : mw.layout().tensors()) {
            float[] f = mw.get(t.name());
            double[] d = rw.get(t.name());
            assertEquals(f.length, d.length, t.name());
            for (int i = 0; i < f.length; i++) {
                assertEquals(f[i], (float) d[i], t.name());
                assertEquals((double) f[i], d[i], t.name());
            }
        }
        assertEquals(8 * spec.totalParameters(), rw.bytes());
    }

    @Test
    void unknownNameIsRejectedNamingIt() {
        ReferenceWeights rw = new ReferenceWeights(ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow().weights());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rw.get("layers.0.router"));
        assertTrue(e.getMessage().contains("'layers.0.router'"), e.getMessage());
    }
}
