package dev.portbench.harness.cli;

import dev.portbench.results.history.RunsRoot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The line that names the runs a history left out because they have not finished ({@link RunsRoot#unfinished}). */
final class UnfinishedRuns {
    private UnfinishedRuns() {
    }

    static void say(PrintWriter console, Path root) throws IOException {
        List<Path> unfinished = RunsRoot.unfinished(root);
        if (!unfinished.isEmpty()) {
            console.println("left out " + unfinished.size() + " unfinished run(s), with run.json but no complete.json"
                    + " (still running, or interrupted: `portbench run --resume DIR` finishes one): " + unfinished);
        }
    }
}
