package dev.portbench.scenarios;

/**
 * Rotary position embedding in the "rotate half" layout of Llama / Qwen: dimension i pairs with i + head_dim/2, and
 * the pair's angle at position p is p · θ^(−2i/head_dim).
 */
public final class Rope {
    private Rope() {
    }

    public static double angle(int position, int pairIndex, int headDim, double theta) {
        return position * Math.pow(theta, -2.0 * pairIndex / headDim);
    }

    /** cos (or sin) table [positions, headDim], both halves repeated, as the ONNX graph stores it. */
    public static float[] table(int positions, int headDim, double theta, boolean sine) {
        int half = headDim / 2;
        float[] t = new float[positions * headDim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                double a = angle(p, i, headDim, theta);
                float v = (float) (sine ? Math.sin(a) : Math.cos(a));
                t[p * headDim + i] = v;
                t[p * headDim + half + i] = v;
            }
        }
        return t;
    }
}
