package dev.portbench.harness.cli;

import dev.portbench.harness.run.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One session per run directory: a second one, in this JVM or another process, is refused naming the holder. */
class RunLockTest {
    @TempDir
    Path tmp;

    /** Another process: takes the lock, says so, and holds it until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (RunLock ignored = RunLock.take(new RunLayout(Path.of(args[0])))) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(60_000);
            }
        }
    }

    @Test
    void aSecondSessionInThisJvmIsRefusedUntilTheFirstEnds() throws IOException {
        RunLayout layout = new RunLayout(Files.createDirectories(tmp.resolve("run")));
        try (RunLock first = RunLock.take(layout)) {
            UsageException e = assertThrows(UsageException.class, () -> RunLock.take(layout));
            assertEquals(layout.root() + " is being written by another portbench session (pid "
                    + ProcessHandle.current().pid() + "); expected one session per run directory: let it finish, or"
                    + " end it (Ctrl-C) and then run --resume " + layout.root(), e.getMessage());
        }
        RunLock.take(layout).close();
    }

    @Test
    void aResumeWhileAnotherProcessWritesTheRunIsRefusedAndTheLockGoesWithThatProcess() throws Exception {
        RunLayout layout = new RunLayout(Files.createDirectories(tmp.resolve("held")));
        Files.writeString(layout.manifest(), "{}");
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
                layout.root().toString())).redirectErrorStream(true).start();
        try {
            byte[] said = holder.getInputStream().readNBytes("locked".length());
            assertEquals("locked", new String(said));
            CliRunner r = CliRunner.run("run", "--resume", layout.root().toString());
            assertEquals(ExitCode.USAGE, r.exitCode());
            assertTrue(r.err().contains(" is being written by another portbench session (pid " + holder.pid()
                    + ")"), r.err());
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        RunLock.take(layout).close(); // killed, the holder's lock is gone with it
    }
}
