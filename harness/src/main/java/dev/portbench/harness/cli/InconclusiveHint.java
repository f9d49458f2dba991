package dev.portbench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.results.gate.Gate;
import dev.portbench.results.gate.ForksToDecide;
import dev.portbench.results.gate.GateReport;
import dev.portbench.results.runs.RunFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why throughput checks were inconclusive, where the runs can say: a run whose suite measured its host first
 * ({@code host_stability} in its env.json) with a half-width at ten forks wider than two runs of one speed may have to
 * pass the policy's largest allowed drop ({@link ForksToDecide#passableHalfWidth}) could not have given the gate its
 * answer; the hint says how many forks varying as its blocks did would. Without that measurement the hint names the
 * command that takes it.
 */
final class InconclusiveHint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InconclusiveHint() {
    }

    /**
     * A line for the console, or empty when no throughput check was inconclusive.
     *
     * @param runs    each run's role ("baseline", "candidate", or "run" for one run's two backends) and directory, in
     *                order
     * @param maxDrop the policy's largest allowed drop of tokens/s ({@code throughput.max_drop})
     */
    static Optional<String> of(GateReport report, Map<String, Path> runs, double maxDrop) {
        long inconclusive = report.results().stream().filter(Gate::isInconclusive).count();
        if (inconclusive == 0) {
            return Optional.empty();
        }
        List<String> unsteady = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        boolean measured = false;
        double passable = ForksToDecide.passableHalfWidth(maxDrop);
        for (Map.Entry<String, Path> run : runs.entrySet()) {
            Optional<JsonNode> stability;
            try {
                stability = stability(run.getValue());
            } catch (IOException e) { // a hint is no verdict: the gate's answer and reports stand without it
                unreadable.add(String.format(Locale.ROOT, "; the %s's %s cannot be read (%s), so whether its host"
                        + " was steady is unknown", run.getKey(), run.getValue().resolve(RunFiles.ENV_JSON),
                        firstLine(e.getMessage())));
                continue;
            }
            if (stability.isEmpty()) {
                continue;
            }
            measured = true;
            double halfWidth = stability.get().path("half_width_999").asDouble(Double.NaN);
            if (halfWidth > passable) { // NaN (no half-width recorded) is no evidence either way
                double cv = stability.get().path("cv").asDouble(Double.NaN);
                OptionalInt forks = cv >= 0 ? ForksToDecide.forSpread(cv, passable) : OptionalInt.empty();
                unsteady.add(String.format(Locale.ROOT, "the %s's host read unsteady before its cells (blocks' CV"
                        + " %.1f %%, a half-width of %.1f %% for ten forks%s)", run.getKey(), 100 * cv,
                        100 * halfWidth, forks.isPresent() ? "; forks varying as much would need about "
                                + forks.getAsInt() + " to pass" : ""));
            }
        }
        String cells = inconclusive + " throughput check" + (inconclusive == 1 ? "" : "s") + " inconclusive";
        String notes = String.join("", unreadable);
        if (!unsteady.isEmpty()) {
            return Optional.of("gate: " + cells + "; " + String.join(", and ", unsteady) + String.format(Locale.ROOT,
                    ": two runs of one speed with equal half-widths pass a %.0f %% gate only within %.1f %% each;"
                    + " measure on a quieter host, or with more forks (docs/nightly.md)", 100 * maxDrop,
                    100 * passable) + notes);
        }
        return Optional.of("gate: " + cells + (measured ? "; no run's host that was measured read unsteady, so"
                + " more forks or longer iterations may decide" : "; 'portbench env --stability 40s' on the host"
                + " tells whether longer measurements can decide there (docs/nightly.md)") + notes);
    }

    private static String firstLine(String message) {
        String text = message == null ? "no message" : message;
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** The run's host_stability, if its suite measured one. */
    private static Optional<JsonNode> stability(Path runDir) throws IOException {
        Path env = runDir.resolve(RunFiles.ENV_JSON);
        if (!Files.isRegularFile(env)) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(env.toFile()).get("host_stability");
        return node == null || !node.isObject() ? Optional.empty() : Optional.of(node);
    }
}
