package dev.portbench.scenarios.byo;

import dev.portbench.scenarios.Phase;
import dev.portbench.scenarios.SpecException;
import dev.portbench.scenarios.TokenInputs;
import dev.portbench.scenarios.Workload;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputSpecTest {

    private static InputSpec ints(String name, ElementType type, long[] shape, long lo, long hi) {
        return new InputSpec(name, type, shape, new InputSpec.IntRange(lo, hi));
    }

    private static InputSpec floats(String name, ElementType type, long[] shape, double lo, double hi) {
        return new InputSpec(name, type, shape, new InputSpec.FloatRange(lo, hi));
    }

    @Test
    void int64RangeIsDeterministicInclusiveAndCoversTheRange() {
        InputSpec spec = ints("ids", ElementType.INT64, new long[] {4, 250}, -3, 3);
        long[] a = spec.materialise(7).longs();
        assertArrayEquals(a, spec.materialise(7).longs());
        Set<Long> seen = new HashSet<>();
        for (long v : a) {
            assertTrue(v >= -3 && v <= 3, "value " + v);
            seen.add(v);
        }
        assertEquals(7, seen.size(), "both ends are reachable: " + seen);
        assertFalse(Arrays.equals(a, spec.materialise(8).longs()), "another seed gives other values");
        assertFalse(Arrays.equals(a, ints("other", ElementType.INT64, new long[] {4, 250}, -3, 3)
                .materialise(7).longs()), "another name gives other values");
    }

    @Test
    void valuesAreKeyedByElementIndexNotByShape() {
        long[] small = ints("x", ElementType.INT64, new long[] {1, 8}, 0, 1000).materialise(3).longs();
        long[] big = ints("x", ElementType.INT64, new long[] {4, 8}, 0, 1000).materialise(3).longs();
        assertArrayEquals(small, Arrays.copyOf(big, 8));
    }

    @Test
    void inputIdsRangeReproducesPortbenchsOwnPrompt() {
        Workload w = new Workload("p", Phase.PREFILL, 2, 16, 0);
        long[] expected = TokenInputs.seeded(42, 256, w).ids();
        InputTensor t = ints("input_ids", ElementType.INT64, new long[] {2, 16}, 0, 255).materialise(42);
        assertArrayEquals(expected, t.longs());
    }

    @Test
    void int32RangeStaysInRange() {
        int[] v = ints("m", ElementType.INT32, new long[] {1000}, Integer.MAX_VALUE - 1, Integer.MAX_VALUE)
                .materialise(1).ints();
        assertTrue(Arrays.stream(v).allMatch(x -> x >= Integer.MAX_VALUE - 1), Arrays.toString(v));
        assertTrue(Arrays.stream(v).anyMatch(x -> x == Integer.MAX_VALUE));
        assertEquals(ElementType.INT32, ints("m", ElementType.INT32, new long[] {1}, 0, 1).materialise(1).type());
    }

    @Test
    void fullInt64RangeDoesNotOverflow() {
        long[] v = ints("w", ElementType.INT64, new long[] {64}, Long.MIN_VALUE, Long.MAX_VALUE).materialise(1).longs();
        assertTrue(Arrays.stream(v).anyMatch(x -> x < 0) && Arrays.stream(v).anyMatch(x -> x > 0));
    }

    @Test
    void floatRangesAreHalfOpenAndDeterministic() {
        float[] f = floats("x", ElementType.FLOAT32, new long[] {10_000}, -1, 1).materialise(5).floats();
        assertArrayEquals(f, floats("x", ElementType.FLOAT32, new long[] {10_000}, -1, 1).materialise(5).floats());
        double min = 1;
        double max = -1;
        for (float x : f) {
            assertTrue(x >= -1f && x < 1f, "value " + x);
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertTrue(min < -0.99 && max > 0.99, "spread over the range: " + min + ".." + max);

        double[] d = floats("y", ElementType.FLOAT64, new long[] {10_000}, 2, 2.5).materialise(5).doubles();
        assertTrue(Arrays.stream(d).allMatch(x -> x >= 2 && x < 2.5));
        assertTrue(Arrays.stream(d).distinct().count() > 9_990, "53-bit values rarely repeat");
    }

    @Test
    void float32RangeNarrowerThanOneUlpNeverReachesHi() {
        float lo = 1f;
        float hi = Math.nextUp(1f);
        float[] f = floats("x", ElementType.FLOAT32, new long[] {1000}, lo, hi).materialise(5).floats();
        for (float x : f) {
            assertEquals(lo, x);
        }
    }

    @Test
    void rangeMustSuitTheType() {
        SpecException e = assertThrows(SpecException.class,
                () -> ints("x", ElementType.FLOAT32, new long[] {1}, 0, 1));
        assertEquals("range", e.field().orElseThrow());
        assertEquals("input 'x' is float32; an integer range needs an int32 or int64 input", e.getMessage());
        e = assertThrows(SpecException.class, () -> floats("x", ElementType.INT64, new long[] {1}, 0, 1));
        assertEquals("input 'x' is int64; expected an integer range such as [0, 255]", e.getMessage());
    }

    @Test
    void npyValuesMustMatchTypeAndShape() {
        InputTensor t = InputTensor.ofLongs("ids", new long[] {2}, new long[] {1, 2});
        Path file = Path.of("/data/ids.npy");
        SpecException e = assertThrows(SpecException.class, () -> new InputSpec("ids", ElementType.INT32,
                new long[] {2}, new InputSpec.NpyValues(file, t)));
        assertEquals("npy", e.field().orElseThrow());
        assertEquals(file + " holds int64 [2]; expected int32 [2] as input 'ids' says", e.getMessage());
        InputSpec ok = new InputSpec("ids", ElementType.INT64, new long[] {2}, new InputSpec.NpyValues(file, t));
        assertEquals(t, ok.materialise(99));
    }

    @Test
    void tensorsRefuseToBeReadAsAnotherType() {
        InputTensor t = InputTensor.ofInts("m", new long[] {2}, new int[] {1, 2});
        IllegalStateException e = assertThrows(IllegalStateException.class, t::floats);
        assertEquals("input 'm' holds int32 values; float32 were asked for", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InputTensor.ofFloats("f", new long[] {3}, new float[2]));
    }

    @Test
    void elementTypesKnowTheirIdsOnnxNumbersAndNpyDescrs() {
        assertEquals("float32, float64, int64, int32", ElementType.ids());
        assertEquals(ElementType.INT64, ElementType.fromOnnxType(7).orElseThrow());
        assertEquals(ElementType.FLOAT64, ElementType.fromOnnxType(11).orElseThrow());
        assertEquals(ElementType.INT32, ElementType.fromNpyDescr("<i4").orElseThrow());
        assertTrue(ElementType.fromOnnxType(10).isEmpty(), "float16 is not a spec type");
    }
}
