package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MoeSpecTest {

    private static void assertRejected(String expectedInMessage, Runnable construct) {
        SpecException e = assertThrows(SpecException.class, construct::run);
        assertTrue(e.getMessage().contains(expectedInMessage),
                "expected '" + expectedInMessage + "' in: " + e.getMessage());
    }

    @Test
    void topKLargerThanExpertsIsRejectedNamingBoth() {
        assertRejected("moe.top_k = 5 is larger than moe.experts = 4", () -> new MoeSpec(4, 5, 64, 0));
    }

    @Test
    void topKEqualToExpertsAndNoSharedExpertsAreAccepted() {
        assertDoesNotThrow(() -> new MoeSpec(4, 4, 64, 0));
    }

    @Test
    void nonPositiveFieldsAreRejectedNamingFieldAndValue() {
        assertRejected("moe.experts = 0", () -> new MoeSpec(0, 1, 64, 0));
        assertRejected("moe.top_k = 0", () -> new MoeSpec(4, 0, 64, 0));
        assertRejected("moe.expert_ffn_hidden = -8", () -> new MoeSpec(4, 2, -8, 0));
        assertRejected("moe.shared_experts = -1", () -> new MoeSpec(4, 2, 64, -1));
    }
}
