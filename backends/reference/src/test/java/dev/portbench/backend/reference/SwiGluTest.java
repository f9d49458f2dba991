package dev.portbench.backend.reference;

import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.ModelWeights;
import dev.portbench.scenarios.WeightLayout;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SwiGluTest {

    @Test
    void applyIsSiluGateTimesUpThenDown() {
        ModelSpec spec = new ModelSpec("ffn", 16, 6, 1, 2, 1, 4, 10, null, 1e4, 1e-5, 8);
        ModelWeights mw = new ModelWeights(WeightLayout.of(spec), 3);
        String prefix = WeightLayout.denseFfn(0);
        float[] wg = mw.get(prefix + ".w_gate"); // [6, 10]
        float[] wu = mw.get(prefix + ".w_up"); // [6, 10]
        float[] wd = mw.get(prefix + ".w_down"); // [10, 6]
        int rows = 3;
        double[] x = new double[rows * 6];
        Random r = new Random(8);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        double[] y = new SwiGlu(new ReferenceWeights(mw), prefix).apply(new Kernels(Precision.FP64), x, rows);
        for (int t = 0; t < rows; t++) {
            double[] h = new double[10];
            for (int j = 0; j < 10; j++) {
                double g = 0;
                double u = 0;
                for (int c = 0; c < 6; c++) {
                    g += x[t * 6 + c] * wg[c * 10 + j];
                    u += x[t * 6 + c] * wu[c * 10 + j];
                }
                h[j] = g / (1 + Math.exp(-g)) * u;
            }
            for (int c = 0; c < 6; c++) {
                double expected = 0;
                for (int j = 0; j < 10; j++) {
                    expected += h[j] * wd[j * 6 + c];
                }
                assertEquals(expected, y[t * 6 + c], 1e-12, "token " + t + " channel " + c);
            }
        }
    }
}
