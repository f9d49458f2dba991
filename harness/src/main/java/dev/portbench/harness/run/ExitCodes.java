package dev.portbench.harness.run;

import java.util.Map;

/** Names a process's exit code the way a user recognises it: 134 is a SIGABRT, 137 a SIGKILL (often the OOM killer). */
final class ExitCodes {
    private static final Map<Integer, String> SIGNALS = Map.of(
            4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE", 9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    private ExitCodes() {
    }

    static String describe(int exitCode) {
        if (exitCode > 128 && exitCode < 160) {
            int signal = exitCode - 128;
            return "exited with code " + exitCode + " (" + SIGNALS.getOrDefault(signal, "signal " + signal) + ")";
        }
        if (exitCode == 3) {
            return "exited with code 3 (-XX:+ExitOnOutOfMemoryError: Java heap exhausted)";
        }
        return "exited with code " + exitCode;
    }
}
