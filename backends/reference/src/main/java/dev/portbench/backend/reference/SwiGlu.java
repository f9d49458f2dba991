package dev.portbench.backend.reference;

/** (silu(x·W_gate) ⊙ x·W_up) · W_down on a block of rows. */
final class SwiGlu {
    private final PackedMatrix gate;
    private final PackedMatrix up;
    private final PackedMatrix down;

    /** The FFN's inner width. */
    int width() {
        return gate.out();
    }

    /** The FFN whose weights are {@code prefix}.w_gate, .w_up and .w_down. */
    SwiGlu(ReferenceWeights w, String prefix) {
        this.gate = w.matrix(prefix + ".w_gate");
        this.up = w.matrix(prefix + ".w_up");
        this.down = w.matrix(prefix + ".w_down");
    }

    double[] apply(Kernels k, double[] x, int rows) {
        double[] g = k.matmul(x, rows, gate);
        double[] u = k.matmul(x, rows, up);
        k.siluTimesInPlace(g, u);
        return k.matmul(g, rows, down);
    }
}
