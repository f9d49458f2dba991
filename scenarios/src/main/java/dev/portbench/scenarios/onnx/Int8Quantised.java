package dev.portbench.scenarios.onnx;

/**
 * Symmetric int8 weight-only quantisation of a matrix W[in, out] with one scale per output column:
 * scale_j = max_i |W[i, j]| / 127, q = clamp(rint(W / scale_j), −127, 127), so DequantizeLinear(q, scale, axis = 1)
 * gives back q · scale_j. rint rounds ties to even, as ONNX's QuantizeLinear does.
 */
public record Int8Quantised(byte[] values, float[] scales, int rows, int columns) {

    public static Int8Quantised of(float[] w, int rows, int columns) {
        if ((long) rows * columns != w.length) {
            throw new IllegalArgumentException("matrix of " + w.length + " values; expected rows × columns = "
                    + rows + " × " + columns);
        }
        float[] scales = new float[columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                scales[j] = Math.max(scales[j], Math.abs(w[i * columns + j]));
            }
        }
        for (int j = 0; j < columns; j++) {
            scales[j] = scales[j] == 0 ? 1f : scales[j] / 127f;
        }
        byte[] q = new byte[w.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                double v = Math.rint(w[i * columns + j] / scales[j]);
                q[i * columns + j] = (byte) Math.max(-127, Math.min(127, v));
            }
        }
        return new Int8Quantised(q, scales, rows, columns);
    }

    /** The value DequantizeLinear computes for element (i, j). */
    public float dequantised(int i, int j) {
        return values[i * columns + j] * scales[j];
    }
}
