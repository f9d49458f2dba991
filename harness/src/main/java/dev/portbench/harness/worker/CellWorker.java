package dev.portbench.harness.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.ForwardOutputs;
import dev.portbench.backend.Session;
import dev.portbench.harness.plan.JmhSettings;
import dev.portbench.harness.run.RunLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

/**
 * The main class of a cell's JVM, started by the suite runner for one (scenario, backend): probe the backend, run the
 * accuracy inputs once and save the outputs, then let JMH time the cell in forked JVMs. Whatever happens it tries to
 * leave {@code cell.json}; if this JVM dies instead (a native crash, an OOM kill, a hang), the runner reports that.
 */
@Command(name = "portbench-cell", description = "Runs one benchmark cell (internal; started by 'portbench run').")
public final class CellWorker implements Callable<Integer> {

    @Option(names = "--scenario", required = true)
    String scenario;

    @Option(names = "--backend", required = true)
    String backend;

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

    @Option(names = "--jmh-json")
    Path jmhJson;

    @Option(names = "--warmup-iterations", defaultValue = "1")
    int warmupIterations;

    @Option(names = "--warmup-ms", defaultValue = "1000")
    long warmupMs;

    @Option(names = "--iterations", defaultValue = "3")
    int iterations;

    @Option(names = "--iteration-ms", defaultValue = "1000")
    long iterationMs;

    @Option(names = "--forks", defaultValue = "1")
    int forks;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) {
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
        CellContext cell = CellContext.resolve(scenario, backend, OptionsCodec.decode(options), runDir);
        Availability availability = cell.provider().probe();
        if (!availability.available()) {
            return CellOutcome.skipped(availability.reason());
        }
        try (Backend b = cell.createBackend()) {
            partial = CellOutcome.described(b.runtimeVersion(), b.device(), b.dtype(), b.threads(),
                    new LinkedHashMap<>(b.appliedOptions()));
            try (Session session = b.open(cell.model())) {
                ForwardOutputs out = session.run(cell.scenario().inputs());
                OutputFiles.write(outputs, out);
                partial = partial.withWeightBytes(session.weightBytes());
            }
        }
        if (accuracyOnly) {
            return partial;
        }
        JmhSettings settings = new JmhSettings(warmupIterations, Duration.ofMillis(warmupMs), iterations,
                Duration.ofMillis(iterationMs), forks);
        return partial.withPerformance(JmhMeasurement.measure(scenario, backend, options, runDir, settings, jmhJson));
    }

    /** The exception's class and message, and its root cause's when different. */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String s = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (root != t) {
            s += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return s;
    }

    static void writeOutcome(Path file, CellOutcome outcome) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), outcome);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static CellOutcome readOutcome(Path file) throws IOException {
        return JSON.readValue(file.toFile(), CellOutcome.class);
    }
}
