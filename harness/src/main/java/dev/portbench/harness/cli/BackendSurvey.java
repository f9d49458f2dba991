package dev.portbench.harness.cli;

import dev.portbench.backend.BackendProvider;
import dev.portbench.harness.run.BackendProbes;
import dev.portbench.harness.run.CellLaunchers;
import dev.portbench.harness.run.WorkerLauncher;
import dev.portbench.harness.runtimes.RuntimeJar;
import dev.portbench.harness.runtimes.RuntimeJarLocator;
import dev.portbench.harness.worker.ProbeResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every backend's probe, each in a JVM of its own with the backend's runtime (ONNX Runtime's GPU jar for the CUDA
 * backends), for {@code list} and {@code env}. The probes' answers and logs go to a temporary folder, removed at the end
 * unless a probe crashed or hung: its reason then points at the log that says more. A probe that answered FAILED in
 * its own words (the backend's probe threw) says everything in its reason, and leaves nothing behind.
 */
final class BackendSurvey implements AutoCloseable {
    private final List<BackendProvider> providers;
    private final Path dir;
    private final BackendProbes probes;

    private BackendSurvey(List<BackendProvider> providers, Path dir, BackendProbes probes) {
        this.providers = providers;
        this.dir = dir;
        this.probes = probes;
    }

    static BackendSurvey of(List<BackendProvider> providers) throws IOException {
        List<String> ids = providers.stream().map(BackendProvider::id).toList();
        Map<String, RuntimeJar> jars = RunSelection.runtimeJars(ids, providers, RuntimeJarLocator.fromSystemProperties());
        Path dir = Files.createTempDirectory("portbench-probes-");
        return new BackendSurvey(providers, dir, new BackendProbes(new CellLaunchers(new WorkerLauncher(), jars), dir));
    }

    ProbeResult probe(BackendProvider p) throws IOException, InterruptedException {
        return probes.probe(p.id(), Map.of());
    }

    List<Map<String, Object>> describeAll() throws IOException, InterruptedException {
        return probes.describe(providers.stream().map(BackendProvider::id).toList(), Map.of());
    }

    @Override
    public void close() throws IOException {
        if (probes.anyAnswerPointsIntoItsFolder()) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
