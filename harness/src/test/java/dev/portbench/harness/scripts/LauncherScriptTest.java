package dev.portbench.harness.scripts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/portbench, copied into an empty checkout so that it must build, with a Maven that fails: exit 3 (portbench
 * itself failed), never Maven's 1, which the README gives to "a cell FAILED".
 */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/portbench");

    @Test
    void aFailedBuildIsExitThreeAndRunsNothing(@TempDir Path tmp) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("scripts")).resolve("portbench");
        Files.copy(SCRIPT, copy);
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", copy.toString(), "list")).redirectErrorStream(true);
        pb.environment().put("MVN", "false");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("portbench: the build failed (see above); nothing was run"), out);
    }
}
