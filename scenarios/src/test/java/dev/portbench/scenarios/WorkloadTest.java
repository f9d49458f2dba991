package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadTest {

    private static void assertRejected(String expectedInMessage, Runnable construct) {
        SpecException e = assertThrows(SpecException.class, construct::run);
        assertTrue(e.getMessage().contains(expectedInMessage),
                "expected '" + expectedInMessage + "' in: " + e.getMessage());
    }

    @Test
    void nonPositiveBatchOrSeqLenIsRejectedNamingIt() {
        assertRejected("batch = 0", () -> Workload.prefill(0, 16));
        assertRejected("seq_len = -4", () -> Workload.prefill(1, -4));
    }

    @Test
    void missingPhaseIsRejected() {
        assertRejected("phase is missing", () -> new Workload("w", null, 1, 1, 0));
    }

    @Test
    void tokensPerForwardIsBatchTimesSeqLenWithoutIntOverflow() {
        assertEquals(2 * 16, Workload.prefill(2, 16).tokensPerForward());
        assertEquals(10_000_000_000L, Workload.prefill(100_000, 100_000).tokensPerForward());
    }

    @Test
    void decodeNeedsNewTokensAndPrefillMustHaveNone() {
        assertRejected("new_tokens = 0", () -> Workload.decode(1, 8, 0));
        assertRejected("new_tokens = 3 on a prefill workload", () -> new Workload("p", Phase.PREFILL, 1, 8, 3));
    }

    @Test
    void maxContextOfDecodeExcludesTheLastGeneratedToken() {
        assertEquals(8 + 4 - 1, Workload.decode(1, 8, 4).maxContext());
        assertEquals(8, Workload.prefill(1, 8).maxContext());
        assertEquals(8L + Integer.MAX_VALUE - 1, Workload.decode(1, 8, Integer.MAX_VALUE).maxContext(),
                "no int overflow: a wrapped, negative context would pass every max_seq_len");
    }

    @Test
    void prefillPhaseIdIsLowerCase() {
        assertEquals("prefill", Workload.prefill(1, 1).phase().id());
    }
}
