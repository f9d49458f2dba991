package dev.portbench.harness.scripts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/lib/csv.awk, which scripts/overhead and scripts/telemetry-overhead read portbench's CSVs with: a reason with
 * commas and doubled quotes is one field, so the columns after it keep their names (splitting on every comma shifted
 * telemetry-overhead's ratios by one column without an error).
 */
class CsvAwkTest {
    private static final Path LIBRARY = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("scripts/lib/csv.awk");

    private static List<String> fields(String line) throws Exception {
        String program = Files.readString(LIBRARY) + "\n{ n = split_csv($0, f); for (i = 1; i <= n; i++) print f[i] }";
        Process p = new ProcessBuilder("awk", program).redirectErrorStream(true).start();
        p.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void quotedCommasAndDoubledQuotesStayInTheirField() throws Exception {
        assertEquals(List.of("dense-small", "host busy: (java 0.95, mvn \"x\" 0.30)", "1.010", ""),
                fields("dense-small,\"host busy: (java 0.95, mvn \"\"x\"\" 0.30)\",1.010,"));
        assertEquals(List.of("a", "", "c"), fields("a,,c"));
    }
}
