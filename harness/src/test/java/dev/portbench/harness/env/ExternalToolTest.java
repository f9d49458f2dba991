package dev.portbench.harness.env;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A stand-in tool written as a shell script: what its answer is made of on each stream and exit code. */
class ExternalToolTest {
    @TempDir
    Path bin;

    private ExternalTool tool(String body) throws IOException {
        Path script = bin.resolve("vendor-smi");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return ExternalTool.onPath("vendor-smi", bin.toString(), Duration.ofSeconds(10));
    }

    /** nvidia-smi and npu-smi print warnings on stderr and still answer: the answer is stdout alone. */
    @Test
    void aWarningOnStderrOfASuccessfulCallIsNoPartOfTheAnswer() throws IOException {
        ExternalTool.Outcome<String> out = tool("echo 'WARNING: persistence mode is off' >&2\necho '72.5, 1024'")
                .run();
        assertNull(out.reason());
        assertEquals("72.5, 1024\n", out.value());
    }

    @Test
    void aFailureNamesItsExitCodeAndTheLastLinesOfBothStreams() throws IOException {
        ExternalTool.Outcome<String> out = tool("echo 'partial'\n"
                + "echo 'Field \"x\" is not a valid field to query.' >&2\nexit 2").run();
        assertNull(out.value());
        assertEquals("vendor-smi exited 2: partial / Field \"x\" is not a valid field to query.", out.reason());
    }
}
