package dev.portbench.harness.telemetry;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NvidiaSmiQueryTest {

    static String resource(String name) throws IOException {
        try (InputStream in = NvidiaSmiQueryTest.class.getResourceAsStream("/nvidia-smi/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsEveryGpuLineAndTurnsBracketedValuesIntoNull() throws IOException {
        List<NvidiaSmiQuery.Gpu> gpus = NvidiaSmiQuery.parse(resource("query-3-gpus.txt"),
                NvidiaSmiQuery.INSTANT_POWER);
        assertEquals(List.of(new NvidiaSmiQuery.Gpu(0, 1187.0, 71.48), new NvidiaSmiQuery.Gpu(1, 81003.0, 612.37),
                new NvidiaSmiQuery.Gpu(2, null, null)), gpus);
        assertNull(gpus.get(2).powerW());
    }

    @Test
    void aLineWithOtherFieldsIsRejectedNamingItAndWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NvidiaSmiQuery.parse("0, 1187\n", NvidiaSmiQuery.AVERAGE_POWER));
        assertEquals("nvidia-smi line 1 '0, 1187' has 2 fields; expected 3 (index,memory.used,power.draw)",
                e.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> NvidiaSmiQuery.parse("0, 1187, 7x\n", NvidiaSmiQuery.INSTANT_POWER));
        assertTrue(number.getMessage().contains("power.draw.instant '7x'; expected a number or [N/A]"), number.getMessage());
    }
}
