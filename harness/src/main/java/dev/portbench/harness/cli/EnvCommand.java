package dev.portbench.harness.cli;

import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.harness.env.EnvFingerprint;
import dev.portbench.harness.runtimes.RuntimeJarLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "env", description = "Prints the toolchain fingerprint (JSON) that every run saves as env.json.",
        mixinStandardHelpOptions = true)
final class EnvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backends", split = ",", paramLabel = "ID@VERSION",
            description = "versioned backends to record the runtime jar of, as 'run --backends' would use it")
    List<String> backendNames = List.of();

    @Override
    public Integer call() throws Exception {
        List<BackendProvider> providers = Backends.discover();
        List<String> backends = backendNames.stream().map(n -> RunSelection.backend(n, providers).name()).toList();
        var jars = RunSelection.runtimeJars(backends, providers, RuntimeJarLocator.fromSystemProperties());
        try (BackendSurvey survey = BackendSurvey.of(providers)) {
            spec.commandLine().getOut().println(EnvFingerprint.toJson(EnvFingerprint.collect(survey.describeAll(),
                    jars.values())));
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
