package dev.portbench.harness.slurm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GresRequestTest {

    @Test
    void parsesNameTypeAndCount() {
        assertEquals(new GresRequest("gpu", null, 1), GresRequest.parse("gpu:1"));
        assertEquals(new GresRequest("gpu", "h100", 2), GresRequest.parse("gpu:h100:2"));
        assertEquals("gpu:h100:2", GresRequest.parse("gpu:h100:2").sbatchValue());
        assertTrue(GresRequest.parse("npu:4").isNpu());
        assertFalse(GresRequest.parse("gpu:4").isNpu());
        assertEquals("0,1,2,3", GresRequest.parse("npu:4").firstDevices());
    }

    @Test
    void badFormsAreRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GresRequest.parse("gpu"));
        assertEquals("--gres 'gpu'; expected NAME[:TYPE]:COUNT, e.g. gpu:1, gpu:h100:2 or npu:1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GresRequest.parse("gpu:one"));
        assertEquals("--gres asks for 0 npu; expected at least 1",
                assertThrows(IllegalArgumentException.class, () -> GresRequest.parse("npu:0")).getMessage());
    }
}
