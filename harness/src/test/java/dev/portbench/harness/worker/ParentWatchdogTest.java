package dev.portbench.harness.worker;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker JVM whose starter named itself ends itself when another process is its parent by the time the watchdog
 * starts (it was reparented during its start-up), and watches its starter otherwise.
 */
class ParentWatchdogTest {

    /** A worker: starts the watchdog, then waits to be ended. */
    public static final class Worker {
        public static void main(String[] args) throws InterruptedException {
            ParentWatchdog.start();
            System.out.println("watching");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    private static List<String> worker(long starter) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path")));
        command.add("-D" + ParentWatchdog.PARENT_PID_PROPERTY + "=" + starter);
        command.add(Worker.class.getName());
        return command;
    }

    @Test
    void aWorkerWhoseParentIsNotTheProcessThatStartedItEndsItself() throws Exception {
        long notItsParent = ProcessHandle.current().pid(); // the worker's parent will be the shell below
        List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$0\" \"$@\"; exit $?")); // sh stays the parent
        command.addAll(worker(notItsParent));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the worker did not end itself");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(ParentWatchdog.EXIT_CODE, p.exitValue(), out);
        assertTrue(out.contains("started by pid " + notItsParent + ", now a child of pid "), out);
    }

    @Test
    void aWorkerOfItsNamedStarterWatchesIt() throws Exception {
        Process p = new ProcessBuilder(worker(ProcessHandle.current().pid())).redirectErrorStream(true).start();
        try {
            byte[] line = new byte["watching".length()];
            assertEquals(line.length, p.getInputStream().readNBytes(line, 0, line.length));
            assertEquals("watching", new String(line), "started watching, not ended");
            assertTrue(p.isAlive());
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
