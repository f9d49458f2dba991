package dev.portbench.harness.cli;

import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.backend.ThreadCount;
import dev.portbench.harness.env.EnvFingerprint;
import dev.portbench.harness.env.HostStability;
import dev.portbench.harness.runtimes.RuntimeJarLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "env", description = "Prints the toolchain fingerprint (JSON) that every run saves as env.json.",
        mixinStandardHelpOptions = true)
final class EnvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backends", split = ",", paramLabel = "ID@VERSION",
            description = "versioned backends to record the runtime jar of, as 'run --backends' would use it")
    List<String> backendNames = List.of();

    @Option(names = "--stability", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "also measure how steady the host's speed is: every core runs one small matrix product for"
                    + " this long (e.g. 40s), and ten equal blocks stand for the nightly suite's ten forks"
                    + " (host_stability in the output)")
    Duration stability;

    @Option(names = "--stability-threads", paramLabel = "N",
            description = "threads the stability measurement runs on: a number, cores or cores-N (default: cores,"
                    + " every core the JVM sees)")
    String stabilityThreads;

    @Override
    public Integer call() throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        if (stabilityThreads != null) {
            try {
                threads = ThreadCount.resolve(stabilityThreads);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--stability-threads " + stabilityThreads + ": expected " + e.getMessage());
            }
            if (stability == null) {
                throw new UsageException("--stability-threads " + stabilityThreads + " without --stability; expected"
                        + " --stability DURATION as well, e.g. --stability 40s");
            }
        }
        if (stability != null && stability.compareTo(HostStability.SHORTEST) < 0) {
            throw new UsageException("--stability " + stability.toMillis() + "ms is too short; expected"
                    + " at least 1s: ten blocks of 100 ms or more, e.g. 40s for blocks as long as a nightly fork's"
                    + " measurement");
        }
        List<BackendProvider> providers = Backends.discover();
        List<String> backends = backendNames.stream().map(n -> RunSelection.backend(n, providers).name()).toList();
        var jars = RunSelection.runtimeJars(backends, providers, RuntimeJarLocator.fromSystemProperties());
        try (BackendSurvey survey = BackendSurvey.of(providers)) {
            Map<String, Object> env = EnvFingerprint.collect(survey.describeAll(), jars.values());
            if (stability != null) {
                env.put("host_stability", HostStability.measure(stability, threads).toJson());
            }
            spec.commandLine().getOut().println(EnvFingerprint.toJson(env));
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
