package dev.portbench.backend.onnxruntime;

import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrtSessionSettingsTest {

    private static OrtSessionSettings from(Map<String, String> values) {
        return OrtSessionSettings.from(new BackendOptions("onnxruntime-cpu", values));
    }

    private static void assertRejected(String key, String value) {
        BackendException e = assertThrows(BackendException.class, () -> from(Map.of(key, value)));
        assertTrue(e.getMessage().contains("onnxruntime-cpu." + key) && e.getMessage().contains("'" + value + "'"),
                e.getMessage());
    }

    @Test
    void defaultsAreAllCoresOneInterOpThreadSequentialAllOpt() {
        OrtSessionSettings s = from(Map.of());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.intraOpThreads());
        assertEquals(1, s.interOpThreads());
        assertEquals("SEQUENTIAL", s.executionMode());
        assertEquals("ALL_OPT", s.optimizationLevel());
        assertTrue(s.allowSpinning(), "ORT's own default: pool threads spin");
    }

    @Test
    void givenValuesAreParsedAndChoicesAreCaseInsensitive() {
        OrtSessionSettings s = from(Map.of("intra_op_threads", "3", "inter_op_threads", " 2",
                "execution_mode", "parallel", "graph_optimization_level", "Basic_Opt", "strict", "TRUE", "allow_spinning", "False"));
        assertEquals(new OrtSessionSettings(3, 2, "PARALLEL", "BASIC_OPT", true, false), s);
    }

    @Test
    void threadsRelativeToTheCoresAreAppliedAndRecordedAsTheCountTheyGave() {
        int cores = Runtime.getRuntime().availableProcessors();
        OrtSessionSettings s = from(Map.of("intra_op_threads", "cores-1"));
        assertEquals(Math.max(1, cores - 1), s.intraOpThreads());
        assertEquals(Integer.toString(Math.max(1, cores - 1)), s.applied().get("intra_op_threads"));
        assertEquals(cores, from(Map.of("intra_op_threads", "cores")).intraOpThreads());
        assertRejected("intra_op_threads", "cores-0");
    }

    @Test
    void badValuesAreRejectedNamingOptionAndValue() {
        assertRejected("intra_op_threads", "0");
        assertRejected("intra_op_threads", "abc");
        assertRejected("inter_op_threads", "-1");
        assertRejected("execution_mode", "FAST");
        assertRejected("graph_optimization_level", "O3");
        assertRejected("strict", "yes");
        assertRejected("allow_spinning", "sometimes");
    }

    @Test
    void executionModeErrorListsTheAllowedModes() {
        BackendException e = assertThrows(BackendException.class, () -> from(Map.of("execution_mode", "FAST")));
        assertTrue(e.getMessage().contains("SEQUENTIAL, PARALLEL"), e.getMessage());
    }

    @Test
    void appliedListsEveryOptionWithItsValue() {
        Map<String, String> applied = new OrtSessionSettings(3, 2, "PARALLEL", "NO_OPT", false, false).applied();
        List<String> expectedKeys = new ArrayList<>(List.of("intra_op_threads", "inter_op_threads",
                "execution_mode", "graph_optimization_level", "strict", "allow_spinning"));
        String nativePath = System.getProperty("onnxruntime.native.path");
        if (nativePath != null) {
            expectedKeys.add("native_path");
            assertEquals(nativePath, applied.get("native_path"));
        }
        assertEquals(expectedKeys, List.copyOf(applied.keySet()));
        assertEquals("false", applied.get("strict"));
        assertEquals("false", applied.get("allow_spinning"));
        assertEquals("3", applied.get("intra_op_threads"));
        assertEquals("2", applied.get("inter_op_threads"));
        assertEquals("PARALLEL", applied.get("execution_mode"));
        assertEquals("NO_OPT", applied.get("graph_optimization_level"));
    }

    @Test
    void everyAcceptedModeAndLevelIsAnOrtSessionOption() {
        for (String mode : List.of("sequential", "parallel")) {
            for (String level : List.of("no_opt", "basic_opt", "extended_opt", "all_opt")) {
                OrtSessionSettings s = from(Map.of("execution_mode", mode, "graph_optimization_level", level));
                assertDoesNotThrow(() -> s.toSessionOptions().close(), mode + " " + level);
            }
        }
    }

    @Test
    void spinningIsSetForBothThreadPoolsEitherWay() throws Exception {
        for (boolean spin : List.of(true, false)) {
            try (var options = new OrtSessionSettings(2, 1, "SEQUENTIAL", "ALL_OPT", false, spin).toSessionOptions()) {
                Map<String, String> entries = options.getConfigEntries();
                String expected = spin ? "1" : "0";
                assertEquals(expected, entries.get("session.intra_op.allow_spinning"), entries.toString());
                assertEquals(expected, entries.get("session.inter_op.allow_spinning"), entries.toString());
            }
        }
    }

    @Test
    void aNativeFolderIsListedOnlyWhenTheUserNamedIt() {
        String path = System.getProperty("onnxruntime.native.path");
        String fromJar = System.getProperty("portbench.onnxruntime.native.path.from.jar");
        OrtSessionSettings s = new OrtSessionSettings(2, 1, "SEQUENTIAL", "ALL_OPT", false, true);
        try {
            System.setProperty("onnxruntime.native.path", "/opt/ort/lib");
            System.clearProperty("portbench.onnxruntime.native.path.from.jar");
            assertEquals("/opt/ort/lib", s.applied().get("native_path"), "the user's own folder: other natives");
            System.setProperty("portbench.onnxruntime.native.path.from.jar", "true");
            assertFalse(s.applied().containsKey("native_path"), "the harness's copy of the class path jar's own");
        } finally {
            restore("onnxruntime.native.path", path);
            restore("portbench.onnxruntime.native.path.from.jar", fromJar);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
