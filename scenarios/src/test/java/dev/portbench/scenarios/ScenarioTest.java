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
        assertRejected("workload prefill: reaches a context of 65 tokens, longer than the model's max_seq_len = 64",
                () -> new Scenario("s", "", MODEL, Workload.prefill(1, 65), 1));
    }

    @Test
    void decodeContextIsPromptPlusGeneratedTokensButTheLast() {
        assertDoesNotThrow(() -> new Scenario("s", "", MODEL, Workload.decode(1, 60, 5), 1)); // reaches 64
        assertRejected("reaches a context of 65 tokens",
                () -> new Scenario("s", "", MODEL, Workload.decode(1, 60, 6), 1));
    }

    /** Shapes that parse but hold more than one Java array: refused when the scenario is read, not mid-run. */
    @Test
    void logitsOrWeightsBeyondOneJavaArrayAreRejectedNamingTheCount() {
        ModelSpec wide = new ModelSpec("m", 524_288, 16, 1, 2, 1, 8, 32, null, 1e4, 1e-5, 65_536);
        assertRejected("workload prefill: batch × seq_len × vocab_size = 2199023255552 logits; expected at most"
                + " 2147483647", () -> new Scenario("s", "", wide, Workload.prefill(64, 65_536), 1));
        assertRejected("= 2147483648 logits", () -> new Scenario("s", "", wide, Workload.prefill(1, 4096), 1));
        assertDoesNotThrow(() -> new Scenario("s", "", wide, Workload.prefill(1, 4095), 1));
        ModelSpec huge = new ModelSpec("m", 524_288, 4096, 1, 32, 32, 128, 32, null, 1e4, 1e-5, 64);
        assertRejected("has 2147483648 elements; expected at most 2147483647, what one Java array holds",
                () -> new Scenario("s", "", huge, Workload.prefill(1, 1), 1));
    }

    @Test
    void workloadNamesMustBeUnique() {
        assertRejected("two workloads named 'prefill'", () -> new Scenario("s", "", MODEL,
                java.util.List.of(Workload.prefill(1, 4), Workload.prefill(1, 8)), 1));
    }

    @Test
    void seqLenEqualToMaxSeqLenIsAccepted() {
        assertDoesNotThrow(() -> new Scenario("s", "", MODEL, Workload.prefill(1, 64), 1));
    }

    @Test
    void missingModelOrWorkloadIsRejected() {
        assertRejected("needs a model", () -> new Scenario("s", "", null, Workload.prefill(1, 1), 1));
        assertRejected("needs at least one workload",
                () -> new Scenario("s", "", MODEL, java.util.List.<Workload>of(), 1));
    }

    @Test
    void badScenarioNameIsRejected() {
        assertRejected("name = 'My Scenario'", () -> new Scenario("My Scenario", "", MODEL, Workload.prefill(1, 1), 1));
    }

    @Test
    void weightsAndInputsUseTheScenarioSeed() {
        Scenario s = new Scenario("s", "", MODEL, Workload.prefill(2, 4), 77);
        assertEquals(77, s.weights().seed());
        assertArrayEquals(WeightLayout.of(MODEL).tensor("embed").generate(77), s.weights().get("embed"));
        assertArrayEquals(TokenInputs.seeded(77, 100, Workload.prefill(2, 4)).ids(), s.inputs(s.workloads().get(0)).ids());
    }
}
