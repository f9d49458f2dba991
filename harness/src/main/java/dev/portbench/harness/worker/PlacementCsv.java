package dev.portbench.harness.worker;

import dev.portbench.backend.PlacedNode;
import dev.portbench.backend.Placement;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A cell's {@code placement.csv}: one line per node of the optimised graph, in the order the runtime first ran it. */
final class PlacementCsv {
    static final String FILE = "placement.csv";
    static final String[] HEADER = {"node", "op_type", "provider", "kernel_us", "calls", "inserted"};

    private PlacementCsv() {
    }

    static void write(Path file, Placement placement) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
            for (PlacedNode n : placement.nodes()) {
                csv.printRecord(n.node(), n.opType(), n.provider(), n.kernelMicros(), n.calls(), n.inserted());
            }
        }
    }
}
