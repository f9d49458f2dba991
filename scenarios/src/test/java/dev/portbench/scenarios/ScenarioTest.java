package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioTest {
    private static final ModelSpec MODEL = new ModelSpec("m", 100, 16, 1, 2, 1, 8, 32, null, 1e4, 1e-5, 64);

    private static void assertRejected(String expectedInMessage, Runnable construct) {
        SpecException e = assertThrows(SpecException.class, construct::run);
        assertTrue(e.getMessage().contains(expectedInMessage),
                "expected '" + expectedInMessage + "' in: " + e.getMessage());
    }

    @Test
    void seqLenLongerThanMaxSeqLenIsRejectedNamingBoth() {
        assertRejected("seq_len = 65 is longer than the model's max_seq_len = 64",
                () -> new Scenario("s", "", MODEL, Workload.prefill(1, 65), 1));
    }

    @Test
    void seqLenEqualToMaxSeqLenIsAccepted() {
        assertDoesNotThrow(() -> new Scenario("s", "", MODEL, Workload.prefill(1, 64), 1));
    }

    @Test
    void missingModelOrWorkloadIsRejected() {
        assertRejected("needs both a model and a workload", () -> new Scenario("s", "", null, Workload.prefill(1, 1), 1));
        assertRejected("needs both a model and a workload", () -> new Scenario("s", "", MODEL, null, 1));
    }

    @Test
    void badScenarioNameIsRejected() {
        assertRejected("scenario = 'My Scenario'", () -> new Scenario("My Scenario", "", MODEL, Workload.prefill(1, 1), 1));
    }

    @Test
    void weightsAndInputsUseTheScenarioSeed() {
        Scenario s = new Scenario("s", "", MODEL, Workload.prefill(2, 4), 77);
        assertEquals(77, s.weights().seed());
        assertArrayEquals(WeightLayout.of(MODEL).tensor("embed").generate(77), s.weights().get("embed"));
        assertArrayEquals(TokenInputs.seeded(77, 100, Workload.prefill(2, 4)).ids(), s.inputs().ids());
    }
}
