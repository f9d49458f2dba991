package dev.portbench.scenarios;

/**
 * Rotary position embedding in the "rotate half" layout of Llama / Qwen: dimension i pairs with i + dim/2, and the
 * pair's angle at position p is p · inv_freq(i), with inv_freq(i) = θ^(−2i/dim), or YaRN's interpolation of it
 * ({@link YarnScaling}), whose cos and sin are also multiplied by a factor.
 */
public final class Rope {
    private final int dim;
    private final double[] inverseFrequencies;
    private final double factor;

    private Rope(int dim, double[] inverseFrequencies, double factor) {
        this.dim = dim;
        this.inverseFrequencies = inverseFrequencies;
        this.factor = factor;
    }

    /** The model's RoPE over its rotary channels ({@link ModelSpec#ropeDim()}), scaled where it says so. */
    public static Rope of(ModelSpec spec) {
        int dim = spec.ropeDim();
        YarnScaling yarn = spec.ropeScaling();
        if (yarn == null) {
            double[] inv = new double[dim / 2];
            for (int i = 0; i < inv.length; i++) {
                inv[i] = Math.pow(spec.ropeTheta(), -2.0 * i / dim);
            }
            return new Rope(dim, inv, 1.0);
        }
        return new Rope(dim, yarn.inverseFrequencies(dim, spec.ropeTheta()), yarn.cosSinFactor());
    }

    /** The angle of pair {@code pairIndex} at {@code position}. */
    public double angle(int position, int pairIndex) {
        return position * inverseFrequencies[pairIndex];
    }

    /** What cos and sin are multiplied by: 1 but under YaRN with mscale ≠ mscale_all_dim. */
    public double factor() {
        return factor;
    }

    public int dim() {
        return dim;
    }

    /** cos (or sin) table [positions, dim], both halves repeated, times {@link #factor()}, as the ONNX graph stores it. */
    public float[] table(int positions, boolean sine) {
        int half = dim / 2;
        float[] t = new float[positions * dim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                double a = angle(p, i);
                float v = (float) ((sine ? Math.sin(a) : Math.cos(a)) * factor);
                t[p * dim + i] = v;
                t[p * dim + half + i] = v;
            }
        }
        return t;
    }
}
