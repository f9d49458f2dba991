package dev.portbench.harness.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.harness.worker.CellOutcome;
import dev.portbench.results.CellStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One round of a cell: one of its JVMs, which measured one JMH fork (the first round also described the backend and
 * saved the accuracy outputs). A run of N forks runs each cell in N rounds, every round over every cell, so the forks
 * of one cell are spread over the run's time instead of run back to back. An OK round is saved in the cell's directory
 * as {@code round-N.json}, so that a resumed run keeps the rounds an interrupted one finished.
 *
 * @param wallS     seconds the round's JVM ran (zero where none was started)
 * @param hostBusy  whether the host was busy while it ran; null where not judged
 * @param outcome   what the cell JVM reported; null where it reported nothing
 */
record RoundRecord(String startedUtc, double wallS, CellStatus status, String reason, Boolean hostBusy,
                   String hostReason, CellOutcome outcome) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static RoundRecord of(Instant started, Duration wall, CellStatus status, String reason, CellOutcome outcome,
                          HostMonitor.Verdict host) {
        return new RoundRecord(started.toString(), wall.toNanos() / 1e9, status, reason == null ? "" : reason,
                host.busy(), host.reason(), outcome);
    }

    static Path file(Path cellDir, int round) {
        return cellDir.resolve("round-" + round + ".json");
    }

    boolean ok() {
        return status == CellStatus.OK;
    }

    Instant started() {
        return Instant.parse(startedUtc);
    }

    Duration wall() {
        return Duration.ofNanos(Math.round(wallS * 1e9));
    }

    HostMonitor.Verdict host() {
        return new HostMonitor.Verdict(hostBusy, hostReason == null ? "" : hostReason);
    }

    void save(Path cellDir, int round) throws IOException {
        Path file = file(cellDir, round);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The OK round an earlier session of this run saved, if any; a file that cannot be read is run again. */
    static Optional<RoundRecord> saved(Path cellDir, int round) {
        Path file = file(cellDir, round);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            RoundRecord r = JSON.readValue(file.toFile(), RoundRecord.class);
            return r.ok() && r.outcome() != null ? Optional.of(r) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
