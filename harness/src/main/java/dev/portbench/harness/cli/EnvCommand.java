package dev.portbench.harness.cli;

import dev.portbench.backend.Backends;
import dev.portbench.harness.env.EnvFingerprint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "env", description = "Prints the toolchain fingerprint (JSON) that every run saves as env.json.",
        mixinStandardHelpOptions = true)
final class EnvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().println(EnvFingerprint.toJson(EnvFingerprint.collect(Backends.discover())));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
