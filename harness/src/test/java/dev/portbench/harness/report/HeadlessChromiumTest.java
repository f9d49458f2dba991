package dev.portbench.harness.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the browser is looked for; no browser is started here. */
class HeadlessChromiumTest {

    @TempDir
    Path tmp;

    private Path executable(String name) throws IOException {
        Path file = Files.writeString(tmp.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void theEnvironmentVariableWins() throws IOException {
        Path named = executable("my-chrome");
        executable("chromium");
        assertEquals(Optional.of(named), HeadlessChromium.find(Map.of(HeadlessChromium.ENV, named.toString(),
                "PATH", tmp.toString())).map(HeadlessChromium::executable));
    }

    @Test
    void aNamedBrowserThatIsNotThereIsNotReplacedByAnother() throws IOException {
        executable("chromium");
        assertEquals(Optional.empty(), HeadlessChromium.find(Map.of(HeadlessChromium.ENV,
                tmp.resolve("absent").toString(), "PATH", tmp.toString())));
    }

    @Test
    void thePathIsSearchedByName() throws IOException {
        Path chrome = executable("google-chrome");
        assertEquals(Optional.of(chrome), HeadlessChromium.find(Map.of("PATH", "/nonexistent:" + tmp))
                .map(HeadlessChromium::executable));
        assertEquals(Optional.empty(), HeadlessChromium.find(Map.of("PATH", "/nonexistent")));
    }
}
