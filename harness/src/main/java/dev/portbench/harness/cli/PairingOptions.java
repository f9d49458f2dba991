package dev.portbench.harness.cli;

import dev.portbench.results.compare.BackendPairing;
import picocli.CommandLine.Option;

/**
 * {@code --baseline-backend X --candidate-backend Y}: compare one backend with another instead of each backend with
 * itself, e.g. an upgrade A/B ({@code onnxruntime-cpu@1.28.0} against {@code onnxruntime-cpu@1.29.0}) in one run.
 */
final class PairingOptions {

    @Option(names = "--baseline-backend", paramLabel = "ID",
            description = "Only the baseline's rows of this backend, matched with --candidate-backend's.")
    String baselineBackend;

    @Option(names = "--candidate-backend", paramLabel = "ID",
            description = "Only the candidate's rows of this backend, matched with --baseline-backend's.")
    String candidateBackend;

    BackendPairing pairing() {
        if ((baselineBackend == null) != (candidateBackend == null)) {
            throw new UsageException("--baseline-backend and --candidate-backend go together; got only "
                    + (baselineBackend == null ? "--candidate-backend " + candidateBackend
                    : "--baseline-backend " + baselineBackend));
        }
        return baselineBackend == null ? BackendPairing.SAME : BackendPairing.of(baselineBackend, candidateBackend);
    }
}
