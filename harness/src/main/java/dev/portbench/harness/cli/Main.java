package dev.portbench.harness.cli;

import dev.portbench.results.NpyFormatException;
import dev.portbench.results.ResultsFormatException;
import dev.portbench.scenarios.catalog.CatalogException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code portbench}: turns every outcome into an exit code (see {@link ExitCode}) and every user error into one line
 * that says what was received and what was expected.
 */
@Command(name = "portbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Measures what it costs to move LLM inference between hardware stacks.",
        subcommands = {ListCommand.class, EnvCommand.class, RunCommand.class, CompareCommand.class,
            MatrixCommand.class, GateCommand.class, ReportCommand.class, CheckReportCommand.class,
            HistoryCommand.class, MergeCommand.class, SlurmCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; for tests and for {@link #main}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InterruptedException) { // SIGINT/SIGTERM: the shutdown hook has ended the running cell
                commandLine.getErr().println("portbench: " + oneLine(ex.getMessage()));
                return ExitCode.INTERRUPTED;
            }
            if (ex instanceof UsageException || isBadInput(ex)) {
                // bad input, results files included: one line naming FILE:LINE, never a stack trace
                commandLine.getErr().println("portbench: " + oneLine(ex.getMessage()));
                return ExitCode.USAGE;
            }
            commandLine.getErr().println("portbench: internal error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return ExitCode.INTERNAL;
        });
        return cli.execute(args);
    }

    /**
     * Input files portbench could not accept: a results.csv of another schema or hand-edited, a policy or scenario
     * file with a bad field, a corrupt saved output. Their messages already name file, line and what was expected.
     */
    private static boolean isBadInput(Exception ex) {
        return ex instanceof ResultsFormatException || ex instanceof CatalogException
                || ex instanceof NpyFormatException;
    }

    /** A message quoting a cell of a hand-edited file may hold line breaks; the error stays one line. */
    static String oneLine(String message) {
        return String.valueOf(message).replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r");
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: list, env, run, compare, matrix, gate, report, check-report, history, merge or slurm");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var build = dev.portbench.harness.env.BuildInfo.load();
            return new String[] {"portbench " + Main.class.getPackage().getImplementationVersion()
                    + " (commit " + build.commit() + ")"};
        }
    }
}
