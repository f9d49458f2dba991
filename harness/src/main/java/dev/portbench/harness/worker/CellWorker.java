package dev.portbench.harness.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.GraphSession;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.GreedyDecoding;
import dev.portbench.backend.Placement;
import dev.portbench.backend.UnsupportedModelException;
import dev.portbench.backend.Session;
import dev.portbench.backend.TelemetryTarget;
import dev.portbench.harness.telemetry.TelemetrySources;
import dev.portbench.backend.UnsupportedPrecisionException;
import dev.portbench.results.Npy;
import dev.portbench.results.OptionsCodec;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Phase;
import dev.portbench.harness.plan.JmhSettings;
import dev.portbench.harness.run.RunLayout;
import dev.portbench.harness.runtimes.RuntimeVersionCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The main class of a cell's JVM, started by the suite runner for one (scenario, workload, dtype, backend): probe the
 * backend, run the accuracy inputs once and save the outputs, then let JMH time the cell in forked JVMs. A backend that
 * cannot run the precision makes the cell SKIPPED with the backend's own words. Whatever happens it tries to
 * leave {@code cell.json}; if this JVM dies instead (a native crash, an OOM kill, a hang), the runner reports that.
 */
@Command(name = "portbench-cell", description = "Runs one benchmark cell (internal; started by 'portbench run').")
public final class CellWorker implements Callable<Integer> {

    @Option(names = "--scenario", description = "a portbench scenario's name (or --byo-file)")
    String scenario;

    @Option(names = "--workload")
    String workload;

    @Option(names = "--dtype")
    String dtype;

    @Option(names = "--byo-file", description = "a bring-your-own model's YAML file, instead of --scenario")
    Path byoFile;

    @Option(names = "--backend", required = true)
    String backend;

    @Option(names = "--forced-tokens", description = "the oracle's greedy tokens (tokens.npy) to feed when decoding")
    Path forcedTokens;

    @Option(names = "--run-dir", required = true)
    Path runDir;

    @Option(names = "--cell-dir", required = true)
    Path cellDir;

    @Option(names = "--outputs", required = true, description = "where the accuracy outputs go")
    Path outputs;

    @Option(names = "--options", defaultValue = "", description = "backend options, key=value joined by ';'")
    String options;

    @Option(names = "--accuracy-only", description = "run the accuracy inputs only (the oracle)")
    boolean accuracyOnly;

    @Option(names = "--measure-only", description = "time the cell only: a later round of a run, whose first round"
            + " described the backend and saved its accuracy outputs")
    boolean measureOnly;

    @Option(names = "--jmh-json")
    Path jmhJson;

    @Option(names = "--warmup-max-ms", defaultValue = "10000")
    long warmupMaxMs;

    @Option(names = "--iterations", defaultValue = "3")
    int iterations;

    @Option(names = "--iteration-ms", defaultValue = "1000")
    long iterationMs;

    @Option(names = "--forks", defaultValue = "1")
    int forks;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Where a backend may keep its runtime's raw placement record (ONNX Runtime's profile), under the cell's folder. */
    static final String PROFILE_DIR = "profile";
    /** The backend_options entry naming the form of multi-head latent attention the backend computed. */
    public static final String MLA_FORM = "mla_form";

    public static void main(String[] args) {
        ParentWatchdog.start(); // a launcher killed with -9 must not leave this JVM running
        System.exit(new CommandLine(new CellWorker()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(cellDir);
        CellOutcome outcome;
        try {
            outcome = runCell();
        } catch (Throwable t) { // the cell failed, not the worker: report it in the row
            t.printStackTrace();
            outcome = partial.failed(describe(t));
        }
        writeOutcome(RunLayout.cellOutcome(cellDir), outcome);
        return 0;
    }

    /** What was learnt before a failure, so a FAILED row still names runtime and device. */
    private CellOutcome partial = CellOutcome.failure("the cell failed before its backend was created");

    private CellOutcome runCell() throws Exception {
        if (byoFile != null) {
            return runByoCell();
        }
        if (scenario == null || workload == null || dtype == null) {
            throw new IllegalArgumentException("a cell needs --scenario, --workload and --dtype, or --byo-file");
        }
        CellContext cell = CellContext.resolve(scenario, workload, dtype, backend, OptionsCodec.decode(options), runDir);
        Availability availability = cell.provider().probe(cell.options()); // on the device the options name
        if (!availability.available()) {
            return CellOutcome.skipped(availability.reason());
        }
        if (measureOnly) {
            return measured(CellOutcome.undescribed(), scenario, workload, dtype, null, cell.workload().phase(),
                    cell.provider().telemetryTarget(cell.options()));
        }
        try (Backend b = cell.createBackend()) {
            partial = CellOutcome.described(b.runtimeVersion(), b.device(), b.threads(),
                    withExportChoices(b, cell.model().scenario().model()), b.arithmetic(cell.dtype()));
            Optional<String> wrongVersion = RuntimeVersionCheck.mismatch(backend, b.runtimeVersion());
            if (wrongVersion.isPresent()) {
                return partial.failed(wrongVersion.get());
            }
            long start = System.nanoTime();
            LastLogitsCheck.Accuracy accuracy;
            try (Session session = b.openAudited(cell.model(), cellDir.resolve(PROFILE_DIR))) {
                partial = partial.withSession(session.weightBytes(), (System.nanoTime() - start) / 1e9);
                accuracy = saveAccuracyOutputs(cell, session);
                partial = audited(partial, session.placement());
            } catch (UnsupportedPrecisionException e) {
                return partial.as("SKIPPED", e.getMessage());
            } catch (UnsupportedModelException e) {
                return partial.as("SKIPPED", backend + ": " + e.getMessage());
            }
            if (accuracy != null && !accuracyOnly) {
                Optional<String> mismatch = LastLogitsCheck.mismatch(b, cell, accuracy);
                if (mismatch.isPresent()) {
                    return partial.failed(mismatch.get());
                }
            }
        }
        if (accuracyOnly) {
            return partial;
        }
        return measured(partial, scenario, workload, dtype, null, cell.workload().phase(),
                cell.provider().telemetryTarget(cell.options()));
    }

    /**
     * The backend's options, plus the export choices it runs where it runs the exported graph (moe_op for MoE), and
     * for a model with multi-head latent attention the form the backend computes (mla_form).
     */
    private static Map<String, String> withExportChoices(Backend b, ModelSpec spec) {
        Map<String, String> options = new LinkedHashMap<>(b.appliedOptions());
        if (b.runsOnnxExport() && spec.isMoe()) {
            options.put("moe_op", spec.moe().op().id());
        }
        if (spec.isMla()) { // the form it runs, which its roofline counts
            options.put(MLA_FORM, b.mlaForm(spec.mla()).id());
        }
        return options;
    }

    /** {@code described} with JMH's timing of the cell (a scenario's, or with {@code byo} a bring-your-own model's). */
    private CellOutcome measured(CellOutcome described, String scenarioName, String workloadName, String dtypeId,
                                 Path byo, Phase phase, TelemetryTarget target) throws Exception {
        // opened here once to name the source or say why there is none; each fork opens its own to sample
        TelemetrySources.Opened telemetry = TelemetrySources.open(target);
        String encoded = TelemetryProfiler.encode(target);
        CellOutcome withSource = telemetry.ok() ? described.withTelemetrySource(encoded, telemetry.source().name(),
                telemetry.source().note()) : described.withTelemetrySource(encoded, null, telemetry.reason());
        if (telemetry.ok()) {
            telemetry.source().close();
        }
        CellBenchmark.Params params = new CellBenchmark.Params(scenarioName, workloadName, dtypeId, backend, options,
                runDir, byo == null ? forcedTokens : null, byo, Duration.ofMillis(warmupMaxMs),
                encoded);
        return withSource.withPerformance(JmhMeasurement.measure(params, phase, jmhSettings(), jmhJson));
    }

    /** A bring-your-own model: one forward pass over its input spec, saved, then timed by JMH. */
    private CellOutcome runByoCell() throws Exception {
        ByoCellContext cell = ByoCellContext.resolve(byoFile, backend, OptionsCodec.decode(options));
        Availability availability = cell.provider().probe(cell.options()); // on the device the options name
        if (!availability.available()) {
            return CellOutcome.skipped(availability.reason());
        }
        if (measureOnly) {
            return measured(CellOutcome.undescribed(), "", "", "", byoFile, Phase.PREFILL,
                    cell.provider().telemetryTarget(cell.options()));
        }
        try (Backend b = cell.createBackend()) {
            partial = CellOutcome.described(b.runtimeVersion(), b.device(), b.threads(),
                    new LinkedHashMap<>(b.appliedOptions()), null);
            Optional<String> wrongVersion = RuntimeVersionCheck.mismatch(backend, b.runtimeVersion());
            if (wrongVersion.isPresent()) {
                return partial.failed(wrongVersion.get());
            }
            long start = System.nanoTime();
            try (GraphSession session = b.openGraphAudited(cell.model().onnx(), cellDir.resolve(PROFILE_DIR))) {
                partial = partial.withSession(null, (System.nanoTime() - start) / 1e9);
                ByoCellContext.writeOutputs(outputs, session.run(cell.inputs()));
                partial = audited(partial, session.placement());
            } catch (UnsupportedModelException e) {
                return partial.as("SKIPPED", backend + ": " + e.getMessage());
            }
        }
        if (accuracyOnly) {
            return partial;
        }
        return measured(partial, "", "", "", byoFile, Phase.PREFILL, cell.provider().telemetryTarget(cell.options()));
    }

    /**
     * The accuracy pass's placement audit, if the backend made one: written node by node to the cell's placement.csv
     * and summarised for its rows. The timed runs are not profiled.
     */
    private CellOutcome audited(CellOutcome described, Optional<Placement> placement) throws IOException {
        if (placement.isEmpty()) {
            return described;
        }
        PlacementCsv.write(cellDir.resolve(PlacementCsv.FILE), placement.get());
        return described.withPlacement(PlacementSummary.of(placement.get()));
    }

    /**
     * One pass over the accuracy inputs; decode feeds the oracle's tokens when given (teacher forcing). Returns what the
     * timed graph must reproduce: the prompt's outputs (every position's logits) and a decode's first cache step.
     */
    private LastLogitsCheck.Accuracy saveAccuracyOutputs(CellContext cell, Session session) throws IOException {
        if (cell.workload().phase() == Phase.DECODE) {
            long[] forced = forcedTokens == null ? null : Npy.read(forcedTokens).ints();
            GreedyDecoding.Trace trace = GreedyDecoding.run(session, cell.inputs(), cell.workload().newTokens(),
                    forced);
            OutputFiles.write(outputs, trace);
            return LastLogitsCheck.Accuracy.of(trace);
        }
        ForwardOutputs out = session.run(cell.inputs());
        OutputFiles.write(outputs, out);
        return LastLogitsCheck.Accuracy.of(out);
    }

    private JmhSettings jmhSettings() {
        return new JmhSettings(Duration.ofMillis(warmupMaxMs), iterations, Duration.ofMillis(iterationMs), forks);
    }

    /**
     * The exception's class and message, and its root cause's when different. JMH reports a failure in its fork as a
     * BenchmarkException whose suppressed exceptions are what the fork threw: the first of them counts as the root.
     */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        for (int depth = 0; depth < 8 && root.getSuppressed().length > 0; depth++) {
            Throwable thrown = root.getSuppressed()[0];
            while (thrown.getCause() != null && thrown.getCause() != thrown) {
                thrown = thrown.getCause();
            }
            root = thrown;
        }
        String s = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (root != t) {
            s += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return s;
    }

    static void writeOutcome(Path file, CellOutcome outcome) throws IOException {
        writeJson(file, outcome);
    }

    /** A worker JVM's answer as JSON, whole or not at all: written beside {@code file}, then moved over it. */
    static void writeJson(Path file, Object answer) throws IOException {
        dev.portbench.results.TextFiles.writeAtomically(file, JSON.writeValueAsString(answer));
    }

    public static CellOutcome readOutcome(Path file) throws IOException {
        return JSON.readValue(file.toFile(), CellOutcome.class);
    }
}
