package dev.portbench.harness.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTailTest {
    @TempDir
    Path tmp;

    @Test
    void keepsTheLastNonBlankLines() throws Exception {
        Path log = Files.writeString(tmp.resolve("w.log"), "a\n\nb\n  c  \n\n");
        assertEquals("b | c", LogTail.lastLines(log, 2));
    }

    @Test
    void survivesBytesThatAreNotUtf8AndMissingFiles() throws Exception {
        Path log = Files.write(tmp.resolve("w.log"), new byte[] {'x', (byte) 0xFF, '\n', 'y'});
        assertTrue(LogTail.lastLines(log, 1).equals("y"));
        assertEquals("(no output)", LogTail.lastLines(tmp.resolve("none.log"), 3));
    }

    @Test
    void capsVeryLongOutput() throws Exception {
        Path log = Files.writeString(tmp.resolve("w.log"), "z".repeat(5000));
        String tail = LogTail.lastLines(log, 1);
        assertEquals(601, tail.length());
        assertTrue(tail.startsWith("…"));
    }

    /** A JVM that died before printing anything is not quoted with an earlier start's last words. */
    @Test
    void quotesTheLatestStartOnly() throws Exception {
        Path log = tmp.resolve("w.log");
        LogTail.markStart(log);
        Files.writeString(log, "round 1 ok\n", java.nio.file.StandardOpenOption.APPEND);
        LogTail.markStart(log);
        assertEquals("(no output)", LogTail.lastLines(log, 3));
        Files.writeString(log, "Killed\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals("Killed", LogTail.lastLines(log, 3));
        assertTrue(Files.readString(log).contains("round 1 ok"), "the log itself keeps every start");
    }
}
