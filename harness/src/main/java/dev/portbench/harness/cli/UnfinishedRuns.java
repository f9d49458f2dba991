package dev.portbench.harness.cli;

import dev.portbench.results.history.RunsRoot;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The line that names the runs a history left out because they have not finished ({@link RunsRoot.Scan}). */
final class UnfinishedRuns {
    private UnfinishedRuns() {
    }

    static void say(PrintWriter console, List<Path> unfinished) {
        if (!unfinished.isEmpty()) {
            console.println("left out " + unfinished.size() + " unfinished run(s), with run.json but no complete.json"
                    + " (still running, or interrupted: `portbench run --resume DIR` finishes one): " + unfinished);
        }
    }
}
