package dev.portbench.harness.worker;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends this JVM when the process that started it dies, so a cell JVM (or one of JMH's forks) never runs on as an
 * orphan after its launcher was killed with {@code kill -9} (when no shutdown hook of the launcher could stop it): an
 * orphaned cell would keep JMH's lock and disturb whatever runs next on the machine.
 *
 * <p>The parent is captured at {@link #start}; a daemon thread polls it every {@link #POLL_MS} ms (the JDK's
 * {@code onExit()} for a process that is not our child polls too, with a growing interval) and halts this JVM with
 * {@link #EXIT_CODE} once it is gone. A parent that is already {@code init} (pid 1, and not a JVM, as a launcher
 * that is a container's first process would be) means this JVM was reparented before the watchdog started, i.e. the
 * launcher is already dead.
 *
 * <p>The process that starts a worker names itself in {@link #PARENT_PID_PROPERTY} ({@link #parentPidFlag}): the
 * launcher for its cell, probe and device-peak JVMs, a cell JVM for JMH's forks. Then a JVM whose parent is any other
 * process when the watchdog starts was reparented during its own start-up (its launcher killed in that window) and
 * ends itself, whatever process adopted it: pid 1 whose command cannot be read, or a subreaper such as
 * {@code systemd --user}, would otherwise look like a live parent for good.
 */
public final class ParentWatchdog {
    /** Exit code of a JVM ended because its parent died: 128 + SIGHUP, what a terminal's hang-up would give. */
    public static final int EXIT_CODE = 129;
    static final long POLL_MS = 500;
    /** System property naming the pid of the process that started this JVM. */
    public static final String PARENT_PID_PROPERTY = "portbench.parent.pid";

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private ParentWatchdog() {
    }

    /** Starts watching this JVM's parent; later calls do nothing. */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        Long starter = Long.getLong(PARENT_PID_PROPERTY);
        if (starter != null && (parent.isEmpty() || parent.get().pid() != starter)) {
            halt("started by pid " + starter + ", now " + parent.map(p -> "a child of pid " + p.pid())
                    .orElse("without a parent"));
            return;
        }
        if (parent.isEmpty() || reparentedToInit(parent.get())) {
            halt(parent.isEmpty() ? "no parent" : "already reparented to pid 1");
            return;
        }
        ProcessHandle watched = parent.get();
        Thread t = new Thread(() -> watch(watched), "portbench-parent-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** The JVM option by which a process that starts a worker names itself, for the worker's {@link #start}. */
    public static String parentPidFlag() {
        return "-D" + PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid();
    }

    private static boolean reparentedToInit(ProcessHandle parent) {
        if (parent.pid() != 1) {
            return false;
        }
        String command = parent.info().command().orElse("");
        return !command.isEmpty() && !command.endsWith("/java") && !command.endsWith("\\java.exe");
    }

    private static void watch(ProcessHandle parent) {
        while (parent.isAlive()) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        halt("pid " + parent.pid() + " exited");
    }

    private static void halt(String parent) {
        System.err.println("portbench: the process that started this JVM is gone (" + parent + "); pid "
                + ProcessHandle.current().pid() + " ends itself rather than run on as an orphan");
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_CODE);
    }
}
