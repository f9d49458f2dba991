package dev.portbench.harness.cli;

/** portbench's exit codes, in one place. */
public final class ExitCode {
    /** Everything ran; every cell is OK or SKIPPED. */
    public static final int OK = 0;
    /**
     * The run finished, but at least one cell is FAILED or TIMEOUT, or a drift reference (the fp64 oracle) failed or
     * timed out so OK cells have no drift.
     */
    public static final int CELLS_FAILED = 1;
    /** check-report: the page showed script errors or charts it did not draw. */
    public static final int CHECK_FAILED = 1;
    /** Bad command line or input; nothing was run and nothing was overwritten. */
    public static final int USAGE = 2;
    /** portbench itself failed (a bug, or an I/O error on the run directory). */
    public static final int INTERNAL = 3;
    /**
     * run: SIGINT ended the launcher (and its running cell); 'run --resume DIR' continues. 128 + SIGINT. A signal that
     * starts the JVM's shutdown decides its code, 128 + the signal, whatever the main thread returns: SIGTERM gives
     * 143, SIGHUP 129.
     */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
