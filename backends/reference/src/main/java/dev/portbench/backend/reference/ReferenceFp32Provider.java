package dev.portbench.backend.reference;

/** The same forward pass with every operation rounded to IEEE single precision. */
public final class ReferenceFp32Provider extends ReferenceProvider {
    public ReferenceFp32Provider() {
        super(Precision.FP32);
    }

    @Override
    public String description() {
        return "pure-Java decoder in fp32 arithmetic (sequential sums)";
    }
}
