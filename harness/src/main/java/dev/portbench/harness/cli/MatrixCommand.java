package dev.portbench.harness.cli;

import dev.portbench.results.matrix.MigrationMatrix;
import dev.portbench.results.matrix.MigrationMatrixCsv;
import dev.portbench.results.matrix.MigrationMatrixTable;
import dev.portbench.results.runs.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = {"The migration matrix: what moving each scenario from a source backend to a target backend",
            "costs (throughput and memory ratios, the target's drift vs the source and vs the oracle). Prints a table;",
            "--out also writes it as CSV. With two runs, sources come from the first and targets from the second."})
final class MatrixCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run directory of the source backends.")
    Path sourceRun;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET_RUN",
            description = "Run directory of the target backends (default: RUN).")
    Path targetRun;

    @Option(names = "--source", split = ",", paramLabel = "ID", description = "Source backends (default: all).")
    List<String> sources = List.of();

    @Option(names = "--target", split = ",", paramLabel = "ID", description = "Target backends (default: all).")
    List<String> targets = List.of();

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the matrix as CSV.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            OutputPaths.check("--out", out);
        }
        RunResults source = RunResults.load(sourceRun);
        RunResults target = targetRun == null ? source : RunResults.load(targetRun);
        MigrationMatrix matrix = MigrationMatrix.of(source, target, sources, targets);
        PrintWriter console = spec.commandLine().getOut();
        console.print(MigrationMatrixTable.render(matrix));
        if (out != null) {
            MigrationMatrixCsv.of(matrix).write(out);
            console.println("wrote " + out);
        }
        console.flush();
        return ExitCode.OK;
    }
}
