package dev.portbench.harness.telemetry;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatusTest {

    @Test
    void aKeyIsFoundOnlyAtALineStartAndItsKibibytesComeBackInMebibytes() {
        byte[] text = "Name:\tjava\nXVmRSS:\t1 kB\nVmHWM:\t  409600 kB\nVmRSS:\t  204800 kB\n"
                .getBytes(StandardCharsets.US_ASCII);
        int at = ProcStatus.indexOf(text, text.length, "VmRSS:".getBytes(StandardCharsets.US_ASCII));
        assertEquals("Name:\tjava\nXVmRSS:\t1 kB\nVmHWM:\t  409600 kB\n".length(), at);
        assertEquals(-1, ProcStatus.indexOf(text, 20, "VmRSS:".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(200.0, ProcStatus.parse(List.of("VmRSS:\t  204800 kB"), ProcStatus.RESIDENT).getAsDouble());
        assertTrue(ProcStatus.parse(List.of("VmRSS:\t  204800"), ProcStatus.RESIDENT).isEmpty(), "no unit");
    }

    @Test
    void thisJvmsResidentSetIsReadWhereLinuxHasIt() {
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/status"))) {
            double resident = ProcStatus.mb(ProcStatus.RESIDENT).getAsDouble();
            double peak = ProcStatus.mb(ProcStatus.PEAK_RESIDENT).getAsDouble();
            assertTrue(resident > 1 && resident <= peak, resident + " MiB resident, " + peak + " MiB peak");
        }
    }
}
