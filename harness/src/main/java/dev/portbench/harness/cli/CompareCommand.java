package dev.portbench.harness.cli;

import dev.portbench.results.compare.CellComparison;
import dev.portbench.results.compare.ComparisonCsv;
import dev.portbench.results.compare.Presence;
import dev.portbench.results.compare.RunComparison;
import dev.portbench.results.compare.Verdict;
import dev.portbench.results.runs.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares run B with run A cell by cell and writes a comparison CSV (docs/compare-and-gate.md):",
            "ratios B/A with intervals and verdicts, memory ratios, drift deltas, status changes, cells in one run",
            "only, and B's saved outputs against A's."})
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "Baseline run directory.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "B", description = "Candidate run directory (may be A with backend pairs).")
    Path candidate;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Comparison CSV to write.")
    Path out;

    @Mixin
    PairingOptions pairing;

    @Override
    public Integer call() throws Exception {
        OutputPaths.check("--out", out);
        RunComparison comparison = RunComparison.of(RunResults.load(baseline), RunResults.load(candidate),
                pairing.pairing());
        ComparisonCsv.of(comparison).write(out);
        PrintWriter console = spec.commandLine().getOut();
        summarise(comparison, console);
        console.println("wrote " + out);
        console.flush();
        return ExitCode.OK;
    }

    static void summarise(RunComparison comparison, PrintWriter console) {
        List<CellComparison> cells = comparison.cells();
        Map<Presence, Long> presence = new EnumMap<>(Presence.class);
        Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        for (CellComparison cell : cells) {
            presence.merge(cell.presence(), 1L, Long::sum);
            if (cell.presence() == Presence.BOTH) {
                verdicts.merge(cell.throughputVerdict(), 1L, Long::sum);
            }
        }
        console.printf(Locale.ROOT, "%d cells: %d in both runs, %d only in A, %d only in B%n", cells.size(),
                presence.getOrDefault(Presence.BOTH, 0L), presence.getOrDefault(Presence.BASELINE_ONLY, 0L),
                presence.getOrDefault(Presence.CANDIDATE_ONLY, 0L));
        StringBuilder line = new StringBuilder("throughput B/A:");
        verdicts.forEach((v, n) -> line.append(' ').append(n).append(' ').append(v.csv()).append(','));
        console.println(line.charAt(line.length() - 1) == ',' ? line.substring(0, line.length() - 1) : line);
        for (CellComparison cell : cells) {
            if (cell.throughputVerdict() == Verdict.SLOWER || cell.throughputVerdict() == Verdict.FASTER) {
                console.printf(Locale.ROOT, "  %s %s: %.3fx (%.3f to %s)%n", cell.throughputVerdict().csv(),
                        cell.key().label(), cell.throughput().ratio(), cell.throughput().low(),
                        Double.isInfinite(cell.throughput().high()) ? "unbounded"
                                : String.format(Locale.ROOT, "%.3f", cell.throughput().high()));
            }
            if (!cell.statusChange().isEmpty()) {
                console.println("  status " + cell.statusChange() + ": " + cell.key().label());
            }
            if (cell.presence() != Presence.BOTH) {
                console.println("  only in " + (cell.presence() == Presence.BASELINE_ONLY ? "A" : "B") + ": "
                        + cell.key().label());
            }
        }
    }
}
