package dev.portbench.harness.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The cell JVMs this launcher is running, so that a SIGINT or SIGTERM of the launcher ends them (and their JMH forks)
 * instead of leaving them to run on as orphans. A JVM shutdown hook, installed with the first cell, kills every
 * registered tree and waits for it; from then on no cell starts, and a cell that ended because of it is not recorded
 * ({@link #stopping()}), so {@code portbench run --resume} runs it again. The hook then waits, for a few seconds at
 * most, for the session's last record ({@link #lastRecord}: the host's state at its end), which the interrupted main
 * thread writes on its way out: the JVM ends when its hooks have.
 */
public final class RunningCells {
    /** How long a cell tree gets to end after SIGTERM before it is killed. */
    static final Duration GRACE = Duration.ofSeconds(3);
    /** How long the hook waits for the session's last record once it has ended the cells. */
    static final Duration LAST_RECORD_WAIT = Duration.ofSeconds(5);
    /** How long a cell that died of a signal waits for the launcher's own hook, which the same signal may start. */
    static final Duration SIGNAL_SIBLING_WAIT = Duration.ofSeconds(2);
    private static final CountDownLatch LAST_RECORD = new CountDownLatch(1);

    private static final Set<Process> RUNNING = new LinkedHashSet<>();
    private static boolean hookInstalled;
    private static volatile boolean stopping;
    private static volatile Path runDirectory;

    private RunningCells() {
    }

    /** Names the run directory in the hook's message, so the user knows what to resume. */
    static void runDirectory(Path dir) {
        runDirectory = dir;
    }

    /** Whether the launcher is shutting down: a cell that ends now was killed by the hook. */
    static boolean stopping() {
        return stopping;
    }

    /**
     * Starts a cell's process through {@code start} and registers it, atomically with respect to the hook.
     *
     * @throws InterruptedException when the launcher is shutting down: no new cell starts then
     */
    static Process start(ProcessStarter start) throws java.io.IOException, InterruptedException {
        synchronized (RUNNING) {
            if (stopping) {
                throw new InterruptedException("portbench is shutting down; no further cell starts");
            }
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(RunningCells::endAll, "portbench-end-cells"));
                hookInstalled = true;
            }
            Process p = start.start();
            RUNNING.add(p);
            return p;
        }
    }

    /** An action that writes a file. */
    @FunctionalInterface
    public interface Record {
        void write() throws java.io.IOException;
    }

    /** Writes the session's last record; a shutdown hook that ended the running cell waits for it to be written. */
    public static void lastRecord(Record record) throws java.io.IOException {
        try {
            record.write();
        } finally {
            LAST_RECORD.countDown();
        }
    }

    /**
     * Whether the launcher is shutting down, waiting up to {@link #SIGNAL_SIBLING_WAIT} for it: a cell that died of
     * SIGINT, SIGTERM or SIGHUP may have had it together with the launcher (a control group's stop, Slurm's time
     * limit, scancel) before the launcher's hook began.
     */
    static boolean stoppingSoon() throws InterruptedException {
        long deadline = System.nanoTime() + SIGNAL_SIBLING_WAIT.toNanos();
        while (!stopping && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return stopping;
    }

    static void finished(Process p) {
        synchronized (RUNNING) {
            RUNNING.remove(p);
        }
    }

    @FunctionalInterface
    interface ProcessStarter {
        Process start() throws java.io.IOException;
    }

    private static void endAll() {
        Set<Process> running;
        synchronized (RUNNING) {
            stopping = true;
            running = new LinkedHashSet<>(RUNNING);
        }
        PrintStream err = System.err;
        for (Process p : running) {
            int n = ProcessTree.destroy(p.toHandle(), GRACE);
            err.println("portbench: interrupted; ended the running cell JVM (pid " + p.pid() + ", " + n
                    + " processes with its JMH forks)" + (runDirectory == null ? ""
                    : "; 'portbench run --resume " + runDirectory + "' runs what is left"));
        }
        err.flush();
        if (!running.isEmpty()) {
            try {
                LAST_RECORD.await(LAST_RECORD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
