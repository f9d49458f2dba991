package dev.portbench.results.compare;

import dev.portbench.results.runs.CellKey;

import java.util.Objects;

/**
 * Which backend of the baseline is compared with which backend of the candidate. {@link #SAME} pairs every backend
 * with itself (two nights of one setup); {@link #of} pairs one backend with another (an upgrade A/B such as
 * {@code onnxruntime-cpu@1.28.0} against {@code onnxruntime-cpu@1.29.0}, possibly within one run directory) and
 * ignores the rows of every other backend.
 */
public record BackendPairing(String baselineBackend, String candidateBackend) {

    public static final BackendPairing SAME = new BackendPairing(null, null);

    public static BackendPairing of(String baselineBackend, String candidateBackend) {
        return new BackendPairing(Objects.requireNonNull(baselineBackend, "baselineBackend"),
                Objects.requireNonNull(candidateBackend, "candidateBackend"));
    }

    public boolean isSame() {
        return baselineBackend == null;
    }

    public boolean includesBaseline(CellKey key) {
        return isSame() || key.backend().equals(baselineBackend);
    }

    public boolean includesCandidate(CellKey key) {
        return isSame() || key.backend().equals(candidateBackend);
    }

    /** The candidate's key for a baseline key. */
    public CellKey candidateOf(CellKey baseline) {
        return isSame() ? baseline : baseline.withBackend(candidateBackend);
    }

    /** The baseline's key for a candidate key. */
    public CellKey baselineOf(CellKey candidate) {
        return isSame() ? candidate : candidate.withBackend(baselineBackend);
    }
}
