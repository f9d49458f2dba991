package dev.portbench.harness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code portbench slurm ...}: the lab fleet's nights through Slurm (docs/slurm.md). */
@Command(name = "slurm", mixinStandardHelpOptions = true, subcommands = SlurmSubmitCommand.class,
        description = "Runs a night on many hosts through Slurm: see 'portbench slurm submit --help'.")
final class SlurmCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: submit");
    }
}
