package dev.portbench.harness.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The options of {@code portbench run} that define the plan, as given (null or empty: not given). A fresh run takes
 * them from the command line; a resumed run from run.json.
 */
record PlanOptions(String suite, List<Path> scenarioFiles, List<String> scenarios, List<String> workloads,
                   List<String> dtypes, List<String> backends, List<String> options, Duration warmupMax,
                   Integer iterations, Duration time, Integer forks, Integer maxForks, Duration cellTimeout,
                   Path checkpoint,
                   Integer layers, String shard) {
    static final String DEFAULT_SUITE = "smoke";
    /** {@code maxForks} for exactly the forks, no further ones ({@code --max-forks 0}; a run.json before them). */
    static final int AS_FORKS = 0;

    PlanOptions {
        scenarioFiles = scenarioFiles == null ? List.of() : List.copyOf(scenarioFiles);
        options = options == null ? List.of() : List.copyOf(options);
    }

    String suiteOrDefault() {
        return suite == null ? DEFAULT_SUITE : suite;
    }
}
