package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelWeightsTest {
    private final WeightLayout layout =
            WeightLayout.of(ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow().model());

    @Test
    void getGeneratesOnceAndKeepsTheArray() {
        ModelWeights w = new ModelWeights(layout, 9);
        float[] first = w.get(WeightLayout.embed());
        assertSame(first, w.get(WeightLayout.embed()));
        assertArrayEquals(layout.tensor(WeightLayout.embed()).generate(9), first);
    }

    @Test
    void releaseDropsCacheButRegeneratesSameValues() {
        ModelWeights w = new ModelWeights(layout, 9);
        float[] before = w.get(WeightLayout.lmHead());
        w.release();
        float[] after = w.get(WeightLayout.lmHead());
        assertNotSame(before, after);
        assertArrayEquals(before, after);
    }

    @Test
    void unknownTensorIsRejectedNamingIt() {
        ModelWeights w = new ModelWeights(layout, 9);
        SpecException e = assertThrows(SpecException.class, () -> w.get("layers.0.router"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'layers.0.router'"), e.getMessage());
    }
}
