package dev.portbench.harness.cli;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A row's reason without what depends on the machine the test ran on: the launcher appends "host busy: …" to the
 * reason of a cell measured while other processes or the hypervisor took CPU, and a note when the JIT compiler threads
 * ran for a tenth of the measured time or more, which a CI machine with few cores and tests' short iterations may well
 * do.
 */
final class RowReasons {
    private RowReasons() {
    }

    static String withoutHostNotes(String reason) {
        return Arrays.stream(reason.split("; ")).filter(part -> !part.startsWith("host busy: ")
                        && !part.startsWith("the JIT compiler threads ran for "))
                .collect(Collectors.joining("; "));
    }
}
