package dev.portbench.backend.reference;

/**
 * The arithmetic of a reference forward pass. Values are held in doubles either way; FP32 rounds the result of every
 * multiply, add and function to the nearest float. Because a double has more than 2·24+2 significand bits, rounding
 * an exact double result of +, −, ×, ÷, √ to float gives the same value as IEEE single arithmetic would.
 */
enum Precision {
    FP64("fp64"),
    FP32("fp32");

    private final String id;

    Precision(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    double round(double v) {
        return this == FP32 ? (float) v : v;
    }

    /** y[yOff + i] += a · x[xOff + i] for i below n, the product and the sum each rounded as this precision does. */
    void axpy(double[] y, int yOff, double a, double[] x, int xOff, int n) {
        if (this == FP32) {
            for (int i = 0; i < n; i++) {
                y[yOff + i] = (float) (y[yOff + i] + (float) (a * x[xOff + i]));
            }
        } else {
            for (int i = 0; i < n; i++) {
                y[yOff + i] += a * x[xOff + i];
            }
        }
    }
}
