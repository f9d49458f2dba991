package dev.portbench.scenarios;

/**
 * YaRN's RoPE scaling as DeepSeek-V2/V3 configure it ({@code rope_scaling: {type: yarn, ...}}): the rotary
 * frequencies are interpolated between the original and the factor-divided ones across a ramp of pairs set by
 * beta_fast and beta_slow; cos and sin are multiplied by mscale's ratio; and MLA's softmax scale by mscale_all_dim's
 * square (docs/model.md).
 *
 * @param factor               how much longer a context the model serves than it was trained on
 * @param originalMaxPositions the trained context (original_max_position_embeddings)
 */
public record YarnScaling(double factor, int originalMaxPositions, double betaFast, double betaSlow, double mscale,
                          double mscaleAllDim) {

    public YarnScaling {
        SpecChecks.positiveFinite("rope_scaling.factor", factor);
        SpecChecks.positive("rope_scaling.original_max_position_embeddings", originalMaxPositions);
        SpecChecks.positiveFinite("rope_scaling.beta_fast", betaFast);
        SpecChecks.positiveFinite("rope_scaling.beta_slow", betaSlow);
        if (!(mscale >= 0) || Double.isInfinite(mscale)) {
            throw new SpecException("rope_scaling.mscale", "rope_scaling.mscale = " + mscale
                    + "; expected zero or a positive finite number");
        }
        if (!(mscaleAllDim >= 0) || Double.isInfinite(mscaleAllDim)) {
            throw new SpecException("rope_scaling.mscale_all_dim", "rope_scaling.mscale_all_dim = " + mscaleAllDim
                    + "; expected zero or a positive finite number");
        }
    }

    /** yarn_get_mscale: 0.1 · mscale · ln(scale) + 1 past a scale of 1. */
    static double mscaleOf(double scale, double mscale) {
        return scale <= 1 ? 1.0 : 0.1 * mscale * Math.log(scale) + 1.0;
    }

    /** The factor on cos and sin. */
    public double cosSinFactor() {
        return mscaleOf(factor, mscale) / mscaleOf(factor, mscaleAllDim);
    }

    /** The factor on MLA's softmax scale: mscale_all_dim's mscale squared, 1 where mscale_all_dim is 0. */
    public double softmaxFactor() {
        double m = mscaleOf(factor, mscaleAllDim);
        return mscaleAllDim == 0 ? 1.0 : m * m;
    }

    /** inv_freq of each of the dim/2 rotary pairs at base θ. */
    public double[] inverseFrequencies(int dim, double theta) {
        double low = Math.max(Math.floor(correctionDim(betaFast, dim, theta)), 0);
        double high = Math.min(Math.ceil(correctionDim(betaSlow, dim, theta)), dim - 1);
        if (low == high) {
            high += 0.001; // yarn_linear_ramp_mask's guard against a zero-width ramp
        }
        double[] inv = new double[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            double extrapolated = Math.pow(theta, -2.0 * i / dim);
            double interpolated = extrapolated / factor;
            double ramp = Math.min(1, Math.max(0, (i - low) / (high - low)));
            double keep = 1 - ramp; // 1: the pair keeps its trained frequency
            inv[i] = interpolated * (1 - keep) + extrapolated * keep;
        }
        return inv;
    }

    /** The pair index whose wavelength fits the trained context {@code rotations} times. */
    private double correctionDim(double rotations, int dim, double theta) {
        return dim * Math.log(originalMaxPositions / (rotations * 2 * Math.PI)) / (2 * Math.log(theta));
    }
}
