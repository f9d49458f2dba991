package dev.portbench.harness.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExitCodesTest {
    @Test
    void namesSignalsAndJvmOom() {
        assertEquals("exited with code 134 (SIGABRT)", ExitCodes.describe(134));
        assertEquals("exited with code 137 (SIGKILL)", ExitCodes.describe(137));
        assertEquals("exited with code 139 (SIGSEGV)", ExitCodes.describe(139));
        assertEquals("exited with code 3 (-XX:+ExitOnOutOfMemoryError: Java heap exhausted)", ExitCodes.describe(3));
        assertEquals("exited with code 1", ExitCodes.describe(1));
    }
}
