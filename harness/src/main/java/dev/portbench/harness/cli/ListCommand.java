package dev.portbench.harness.cli;

import dev.portbench.backend.Availability;
import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.harness.plan.Suite;
import dev.portbench.harness.plan.Suites;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "list", description = "Lists scenarios (with total and active parameters), suites and backends"
        + " (with availability, or why not).", mixinStandardHelpOptions = true)
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Scenarios:");
        out.printf(Locale.ROOT, "  %-12s %-6s %12s %12s %8s  %s%n", "name", "kind", "params", "active", "tokens",
                "description");
        for (Scenario s : ScenarioCatalog.builtIn().all()) {
            ModelSpec m = s.model();
            out.printf(Locale.ROOT, "  %-12s %-6s %12s %12s %8d  %s%n", s.name(), m.isMoe() ? "moe" : "dense",
                    human(m.totalParameters()), human(m.activeParameters()), s.workload().tokensPerForward(),
                    s.description());
        }
        out.println();
        out.println("Suites:");
        for (Suite s : Suites.all()) {
            out.printf(Locale.ROOT, "  %-12s %s: %s%n", s.name(), s.description(), String.join(", ", s.scenarios()));
        }
        out.println();
        out.println("Backends:");
        for (BackendProvider p : Backends.discover()) {
            Availability a = p.probe();
            out.printf(Locale.ROOT, "  %-18s %-13s %s%n", p.id(), a.available() ? "available" : "unavailable",
                    a.available() ? p.description() : a.reason());
        }
        out.flush();
        return ExitCode.OK;
    }

    /** 1234567 → "1.23M"; exact counts are in the class's numbers, this is for reading. */
    static String human(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.1fK", n / 1e3);
        }
        return Long.toString(n);
    }
}
