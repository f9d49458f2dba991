package dev.portbench.backend;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackendOptionsTest {
    private static final List<String> MODES = List.of("SEQUENTIAL", "PARALLEL");

    private static BackendOptions options(String key, String value) {
        return new BackendOptions("ort", Map.of(key, value));
    }

    private static void assertMessageContains(BackendException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void positiveIntFallsBackWhenMissingAndParsesTrimmedValues() {
        assertEquals(7, BackendOptions.none("ort").positiveInt("threads", 7));
        assertEquals(12, options("threads", " 12 ").positiveInt("threads", 7));
    }

    @Test
    void positiveIntRejectsZeroNegativeAndTextNamingBackendKeyAndValue() {
        for (String bad : List.of("0", "-3", "abc", "1.5", "")) {
            BackendException e = assertThrows(BackendException.class,
                    () -> options("threads", bad).positiveInt("threads", 1));
            assertMessageContains(e, "ort.threads", "'" + bad + "'", "positive integer");
        }
    }

    @Test
    void threadsAreACountOrRelativeToTheHostsCores() {
        assertEquals(6, BackendOptions.none("ort").threads("intra_op_threads", 6), "default: every core");
        assertEquals(3, options("intra_op_threads", " 3 ").threads("intra_op_threads", 6));
        assertEquals(6, options("intra_op_threads", "cores").threads("intra_op_threads", 6));
        assertEquals(5, options("intra_op_threads", "cores-1").threads("intra_op_threads", 6));
        assertEquals(2, options("intra_op_threads", " Cores-4 ").threads("intra_op_threads", 6));
        assertEquals(1, options("intra_op_threads", "cores-1").threads("intra_op_threads", 2));
        assertEquals(1, options("intra_op_threads", "cores-1").threads("intra_op_threads", 1), "never below one");
        assertEquals(1, options("intra_op_threads", "cores-8").threads("intra_op_threads", 6));
        assertEquals(Runtime.getRuntime().availableProcessors(), options("t", "cores").threads("t"));
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() - 2), ThreadCount.resolve("cores-2"));
        assertEquals(4, ThreadCount.resolve("4", 2), "a number is taken as given, even above the cores");
    }

    @Test
    void threadsRejectOtherFormsNamingKeyValueAndTheHostsCores() {
        for (String bad : List.of("0", "-2", "cores-0", "cores--1", "cores+1", "cores-", "core-1", "all", "")) {
            BackendException e = assertThrows(BackendException.class,
                    () -> options("intra_op_threads", bad).threads("intra_op_threads", 6));
            assertMessageContains(e, "ort.intra_op_threads", "'" + bad + "'", "positive integer",
                    "cores (the 6 processors", "cores-N with N >= 1");
        }
    }

    @Test
    void choiceIsCaseInsensitiveAndReturnsUpperCase() {
        assertEquals("PARALLEL", options("mode", "parallel").choice("mode", "SEQUENTIAL", MODES));
        assertEquals("PARALLEL", options("mode", " Parallel ").choice("mode", "SEQUENTIAL", MODES));
        assertEquals("SEQUENTIAL", BackendOptions.none("ort").choice("mode", "SEQUENTIAL", MODES));
    }

    @Test
    void choiceRejectsUnknownValueListingTheAllowedOnes() {
        BackendException e = assertThrows(BackendException.class,
                () -> options("mode", "fast").choice("mode", "SEQUENTIAL", MODES));
        assertMessageContains(e, "ort.mode", "'fast'", "SEQUENTIAL, PARALLEL");
    }

    @Test
    void asMapIsSortedAndUnmodifiable() {
        BackendOptions o = new BackendOptions("x", Map.of("b", "2", "a", "1", "c", "3"));
        assertEquals(List.of("a", "b", "c"), List.copyOf(o.asMap().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> o.asMap().put("d", "4"));
        assertEquals("2", o.text("b", "z"));
        assertEquals("z", o.text("d", "z"));
    }
}
