package dev.portbench.backend.reference;

/** The fp64 forward pass: the oracle every other backend's drift is measured against. */
public final class ReferenceFp64Provider extends ReferenceProvider {
    public ReferenceFp64Provider() {
        super(Precision.FP64);
    }

    @Override
    public String description() {
        return "pure-Java decoder in fp64: the drift oracle";
    }
}
