package dev.portbench.results.gate;

/**
 * How far one dtype's candidate may drift from its reference (the row's drift columns: the fp64 oracle, or a
 * bring-your-own model's reference backend). A NaN bound is not checked.
 */
public record DriftBudget(double maxRelL2, double minCosine, double maxKl, double minTop1Agreement,
                          double minRoutingAgreement) {

    public static final DriftBudget NONE = new DriftBudget(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
