package dev.portbench.harness.cli;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A row's reason without what depends on the machine the test ran on: the launcher appends "host busy: …" to the
 * reason of a cell measured while other processes or the hypervisor took CPU, which a CI machine may well do.
 */
final class RowReasons {
    private RowReasons() {
    }

    static String withoutHostNotes(String reason) {
        return Arrays.stream(reason.split("; ")).filter(part -> !part.startsWith("host busy: "))
                .collect(Collectors.joining("; "));
    }
}
