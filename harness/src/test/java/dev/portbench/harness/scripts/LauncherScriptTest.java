package dev.portbench.harness.scripts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/portbench, copied into an empty checkout so that it must build, with stand-in Maven and Java: a failed build
 * is exit 3 (portbench itself failed), never Maven's 1, which the README gives to "a cell FAILED"; launchers started
 * together on one checkout build once.
 */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/portbench");

    private static Path launcherIn(Path checkout) throws Exception {
        Path copy = Files.createDirectories(checkout.resolve("scripts")).resolve("portbench");
        Files.copy(SCRIPT, copy);
        return copy;
    }

    private static Path executable(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void launchersStartedTogetherBuildOnceAndBothRun(@TempDir Path tmp) throws Exception {
        Path copy = launcherIn(tmp.resolve("checkout"));
        Path log = tmp.resolve("mvn.log");
        // a build that takes a second and makes what the launcher looks for
        Path mvn = executable(tmp.resolve("mvn"), "echo start >> '" + log + "'; sleep 1\n"
                + "mkdir -p harness/target/lib harness/target/runtimes && touch harness/target/portbench-harness.jar\n"
                + "echo end >> '" + log + "'");
        Path java = executable(tmp.resolve("java"), "echo \"ran $*\"");
        List<Process> launchers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(List.of("bash", copy.toString(), "list")).redirectErrorStream(true);
            pb.environment().put("MVN", mvn.toString());
            pb.environment().put("JAVA", java.toString());
            launchers.add(pb.start());
        }
        for (Process p : launchers) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("dev.portbench.harness.cli.Main list"), out);
        }
        assertEquals(List.of("start", "end"), Files.readAllLines(log), "one build; the other launcher waited for it");
    }

    @Test
    void aFailedBuildIsExitThreeAndRunsNothing(@TempDir Path tmp) throws Exception {
        Path copy = launcherIn(tmp);
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", copy.toString(), "list")).redirectErrorStream(true);
        pb.environment().put("MVN", "false");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("portbench: the build failed (see above); nothing was run"), out);
    }
}
