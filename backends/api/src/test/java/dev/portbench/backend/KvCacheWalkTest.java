package dev.portbench.backend;

import dev.portbench.scenarios.TokenInputs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decode walk with a stepper that records what it is given: each step reads the previous step's cache, the walk
 * wraps around to the prompt's cache after the last step, and every cache and pass but the prompt's is closed as soon
 * as no later step reads it; closing the walk closes the rest.
 */
class KvCacheWalkTest {

    /** A cache that knows its length and whether it was closed. */
    private static final class Cache implements KvCache {
        final int length;
        boolean closed;

        Cache(int length) {
            this.length = length;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public void close() {
            assertTrue(!closed, "a cache closed twice");
            closed = true;
        }
    }

    private record Pass(Cache cache, List<Pass> closed) implements KvCacheWalk.Pass {
        @Override
        public ForwardOutputs outputs() {
            return new ForwardOutputs(OutputTensor.ofFloats(new long[] {1, 1, 1}, new float[] {cache.length}),
                    List.of());
        }

        @Override
        public void close() {
            closed.add(this);
        }
    }

    @Test
    void stepsChainTheirCachesAndWrapAroundClosingWhatNoLaterStepReads() {
        List<Cache> made = new ArrayList<>();
        List<Integer> pastLengths = new ArrayList<>();
        List<Pass> closedPasses = new ArrayList<>();
        KvCacheWalk.Stepper<Pass> stepper = (tokens, past) -> {
            pastLengths.add(past == null ? 0 : past.length());
            Cache c = new Cache((past == null ? 0 : past.length()) + tokens.seqLen());
            made.add(c);
            return new Pass(c, closedPasses);
        };
        KvCacheWalk<Pass> walk = new KvCacheWalk<>(stepper, new TokenInputs(1, 4, new long[] {1, 2, 3, 4}),
                new long[][] {{5}, {6}});
        Cache promptCache = made.get(0);
        walk.prompt();
        assertEquals(4f, walk.outputs().logits().floats()[0]);
        walk.release();
        assertTrue(made.get(1).closed, "the timed prompt's own cache");
        walk.step();
        assertEquals(5f, walk.outputs().logits().floats()[0]);
        walk.release();
        walk.step();
        assertEquals(6f, walk.outputs().logits().floats()[0]);
        walk.release(); // the last step: wrap around, the chain's caches closed
        walk.step();
        assertEquals(5f, walk.outputs().logits().floats()[0], "after the last step the walk starts again");
        assertEquals(List.of(0, 0, 4, 5, 4), pastLengths);
        assertTrue(made.get(2).closed && made.get(3).closed && !promptCache.closed);
        walk.close();
        assertTrue(promptCache.closed && made.get(4).closed);
        assertEquals(5, closedPasses.size(), "every pass closed once: the first at construction, then four");
        assertThrows(IllegalStateException.class, walk::outputs);
    }
}
