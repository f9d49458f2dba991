package dev.portbench.backend.reference;

/** (silu(x·W_gate) ⊙ x·W_up) · W_down on a block of rows. */
final class SwiGlu {
    private final double[] gate;
    private final double[] up;
    private final double[] down;
    private final int hidden;
    private final int width;

    /** The FFN's inner width. */
    int width() {
        return width;
    }

    SwiGlu(ReferenceWeights w, String prefix, int hidden, int width) {
        this.gate = w.get(prefix + ".w_gate");
        this.up = w.get(prefix + ".w_up");
        this.down = w.get(prefix + ".w_down");
        this.hidden = hidden;
        this.width = width;
    }

    double[] apply(Kernels k, double[] x, int rows) {
        double[] g = k.matmul(x, rows, hidden, gate, width);
        double[] u = k.matmul(x, rows, hidden, up, width);
        k.siluTimesInPlace(g, u);
        return k.matmul(g, rows, width, down, hidden);
    }
}
