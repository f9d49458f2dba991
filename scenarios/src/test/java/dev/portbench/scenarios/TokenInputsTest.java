package dev.portbench.scenarios;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenInputsTest {

    @Test
    void seededIdsHaveWorkloadShapeAndLieInVocabulary() {
        TokenInputs in = TokenInputs.seeded(5, 37, Workload.prefill(3, 50));
        assertEquals(3, in.batch());
        assertEquals(50, in.seqLen());
        assertArrayEquals(new long[] {3, 50}, in.shape());
        long[] ids = in.ids();
        assertEquals(150, ids.length);
        Set<Long> distinct = new HashSet<>();
        for (long id : ids) {
            assertTrue(id >= 0 && id < 37, "id " + id);
            distinct.add(id);
        }
        assertTrue(distinct.size() > 30, "150 draws from 37 ids gave only " + distinct.size() + " distinct");
    }

    @Test
    void seededIdsAreTheInputIdsStreamAndDeterministic() {
        TokenInputs in = TokenInputs.seeded(5, 1000, Workload.prefill(2, 8));
        CounterRng rng = new CounterRng(5, "input_ids");
        for (int b = 0; b < 2; b++) {
            for (int s = 0; s < 8; s++) {
                assertEquals(rng.below(b * 8 + s, 1000), in.id(b, s));
            }
        }
        assertArrayEquals(in.ids(), TokenInputs.seeded(5, 1000, Workload.prefill(2, 8)).ids());
        assertFalse(java.util.Arrays.equals(in.ids(), TokenInputs.seeded(6, 1000, Workload.prefill(2, 8)).ids()));
    }

    @Test
    void idsAreCopiedInAndOut() {
        long[] ids = {1, 2, 3, 4};
        TokenInputs in = new TokenInputs(2, 2, ids);
        ids[0] = 99;
        in.ids()[1] = 99;
        assertArrayEquals(new long[] {1, 2, 3, 4}, in.ids());
        assertEquals(3, in.id(1, 0));
    }

    @Test
    void wrongNumberOfIdsIsRejected() {
        SpecException e = assertThrows(SpecException.class, () -> new TokenInputs(2, 3, new long[5]));
        assertTrue(e.getMessage().contains("5 values") && e.getMessage().contains("2 × 3"), e.getMessage());
    }
}
