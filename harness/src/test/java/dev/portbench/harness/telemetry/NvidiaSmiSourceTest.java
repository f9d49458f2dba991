package dev.portbench.harness.telemetry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which power field the nvidia-smi source reads, with a stand-in nvidia-smi on PATH that logs its calls and answers
 * the instant query as a given driver would.
 */
class NvidiaSmiSourceTest {
    private static final String INSTANT_QUERY = "--query-gpu=index,memory.used,power.draw.instant";
    private static final String AVERAGE_QUERY = "--query-gpu=index,memory.used,power.draw";

    @TempDir
    Path dir;

    /** nvidia-smi answering the averaged query with {@code average}, the instant one with {@code instant}. */
    private Path nvidiaSmi(String instant, String average) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$1\" >> '" + dir.resolve("calls.log") + "'\n"
                + "case \"$1\" in\n"
                + "  " + INSTANT_QUERY + ") " + instant + " ;;\n"
                + "  " + AVERAGE_QUERY + ") " + average + " ;;\n"
                + "  *) echo \"unexpected $1\" >&2; exit 9 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("calls.log"));
    }

    @Test
    void theInstantPowerIsReadWhereTheDriverHasIt() throws Exception {
        Path bin = nvidiaSmi("printf '0, 1187, 310.25\\n'", "printf '0, 1187, 250.00\\n'");
        try (NvidiaSmiSource smi = NvidiaSmiSource.open(bin.toString(), 0)) {
            assertEquals(310.25, smi.read().powerW());
            assertEquals(1187.0, smi.read().memUsedMb());
            assertTrue(smi.note().endsWith("(power.draw.instant)"), smi.note());
        }
        assertEquals(List.of(INSTANT_QUERY, INSTANT_QUERY, INSTANT_QUERY), calls());
    }

    @Test
    void aDriverThatDoesNotKnowTheInstantFieldIsReadAveragedAndTheNoteSaysSo() throws Exception {
        Path bin = nvidiaSmi("echo 'Field \"power.draw.instant\" is not a valid field to query.'; exit 2",
                "printf '0, 1187, 250.00\\n'");
        try (NvidiaSmiSource smi = NvidiaSmiSource.open(bin.toString(), 0)) {
            assertEquals(250.0, smi.read().powerW());
            assertTrue(smi.note().endsWith("(power.draw, a 1 s average on Ampere and later: power.draw.instant was"
                    + " not readable)"), smi.note());
        }
        assertEquals(List.of(INSTANT_QUERY, AVERAGE_QUERY, AVERAGE_QUERY), calls());
    }

    @Test
    void anInstantFieldReadingNothingFallsBackToTheAveragedOne() throws Exception {
        Path bin = nvidiaSmi("printf '0, 1187, [N/A]\\n'", "printf '0, 1187, 250.00\\n'");
        try (NvidiaSmiSource smi = NvidiaSmiSource.open(bin.toString(), 0)) {
            assertEquals(250.0, smi.read().powerW());
        }
        assertEquals(List.of(INSTANT_QUERY, AVERAGE_QUERY, AVERAGE_QUERY), calls());
    }

    @Test
    void anyOtherFailureIsTheReasonNotAFallback() throws Exception {
        Path bin = nvidiaSmi("echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.';"
                + " exit 9", "printf '0, 1187, 250.00\\n'");
        TelemetryUnavailableException e = assertThrows(TelemetryUnavailableException.class,
                () -> NvidiaSmiSource.open(bin.toString(), 0));
        assertEquals("nvidia-smi exited 9: NVIDIA-SMI has failed because it could not communicate with the NVIDIA"
                + " driver.", e.getMessage());
        assertEquals(List.of(INSTANT_QUERY), calls());
    }
}
