package dev.portbench.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Suite files for the CLI tests that run cells for real: as small as a cell gets. */
final class TinySuites {
    private TinySuites() {
    }

    /** Suite {@code name}: dense-tiny's prefill in fp32, one iteration of 100 ms, no warm-up, one fork. */
    static Path onePrefillCellPerBackend(Path file, String name) throws IOException {
        return Files.writeString(file, """
                name: %s
                description: "one tiny prefill cell per backend"
                jmh:
                  warmup_max: 0s
                  iterations: 1
                  iteration_time: 100ms
                  forks: 1
                cell_timeout: 2m
                matrix:
                  - scenarios: [dense-tiny]
                    workloads: [prefill]
                    dtypes: [fp32]
                """.formatted(name));
    }
}
