package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CannSettingsTest {

    private static CannSettings from(Map<String, String> values) {
        return CannSettings.from(new BackendOptions("onnxruntime-cann", values));
    }

    private static void assertRejected(String key, String value, String expected) {
        BackendException e = assertThrows(BackendException.class, () -> from(Map.of(key, value)));
        assertEquals("option onnxruntime-cann." + key + " = '" + value + "'; expected " + expected, e.getMessage());
    }

    @Test
    void everyOptionIsRecordedWithItsDefaultAndPrecisionModeIsForceFp16() {
        Map<String, String> applied = from(Map.of()).applied();
        List<String> keys = new java.util.ArrayList<>(List.of("provider", "device_id", "npu_mem_limit",
                "arena_extend_strategy", "enable_cann_graph", "dump_graphs", "dump_om_model", "precision_mode",
                "op_select_impl_mode", "optypelist_for_implmode", "strict", "intra_op_threads"));
        assertEquals(keys, List.copyOf(applied.keySet()));
        assertEquals("CANN", applied.get("provider"));
        assertEquals("0", applied.get("device_id"));
        assertEquals("unlimited", applied.get("npu_mem_limit"));
        assertEquals("kNextPowerOfTwo", applied.get("arena_extend_strategy"));
        assertEquals("true", applied.get("enable_cann_graph"));
        assertEquals("false", applied.get("dump_graphs"));
        assertEquals("true", applied.get("dump_om_model"));
        assertEquals("force_fp16", applied.get("precision_mode"), "CANN's own default: fp32 models run in fp16");
        assertEquals("high_performance", applied.get("op_select_impl_mode"));
        assertEquals("none", applied.get("optypelist_for_implmode"));
        assertEquals("false", applied.get("strict"));
        assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), applied.get("intra_op_threads"),
                "set on every session, as the other ONNX Runtime backends set it");
    }

    @Test
    void givenValuesAreRecordedInCannsSpelling() {
        Map<String, String> applied = from(Map.of("device_id", "3", "npu_mem_limit", "1073741824",
                "arena_extend_strategy", "ksameasrequested", "enable_cann_graph", "false", "dump_graphs", "1",
                "dump_om_model", "FALSE", "precision_mode", "Must_Keep_Origin_Dtype", "op_select_impl_mode",
                "high_precision", "optypelist_for_implmode", "Pooling,SoftmaxV2", "strict", "true")).applied();
        assertEquals("3", from(Map.of("intra_op_threads", "3")).applied().get("intra_op_threads"));
        assertEquals(3, from(Map.of("intra_op_threads", "3")).intraOpThreads());
        assertEquals("3", applied.get("device_id"));
        assertEquals("1073741824", applied.get("npu_mem_limit"));
        assertEquals("kSameAsRequested", applied.get("arena_extend_strategy"));
        assertEquals("false", applied.get("enable_cann_graph"));
        assertEquals("true", applied.get("dump_graphs"));
        assertEquals("false", applied.get("dump_om_model"));
        assertEquals("must_keep_origin_dtype", applied.get("precision_mode"));
        assertEquals("high_precision", applied.get("op_select_impl_mode"));
        assertEquals("Pooling,SoftmaxV2", applied.get("optypelist_for_implmode"));
        assertEquals("true", applied.get("strict"));
    }

    @Test
    void badValuesNameOptionValueAndWhatWasExpected() {
        assertRejected("device_id", "-1", "an integer >= 0");
        assertRejected("device_id", "npu0", "an integer >= 0");
        assertRejected("npu_mem_limit", "0", "a positive number of bytes or 'unlimited'");
        assertRejected("npu_mem_limit", "8G", "a positive number of bytes or 'unlimited'");
        assertRejected("arena_extend_strategy", "double", "one of kNextPowerOfTwo, kSameAsRequested");
        assertRejected("enable_cann_graph", "yes", "true or false");
        assertRejected("dump_graphs", "on", "true or false");
        assertRejected("dump_om_model", "2", "true or false");
        assertRejected("precision_mode", "fp16", "one of force_fp16, force_fp32, cube_fp16in_fp32out,"
                + " allow_fp32_to_fp16, must_keep_origin_dtype, allow_mix_precision, allow_mix_precision_fp16");
        assertRejected("op_select_impl_mode", "fast", "one of high_performance, high_precision");
        assertRejected("optypelist_for_implmode", "Pooling;Softmax",
                "operator types separated by commas, e.g. Pooling,SoftmaxV2, or none");
        assertRejected("strict", "maybe", "true or false");
        assertRejected("intra_op_threads", "0", "a positive integer, cores (the "
                + Runtime.getRuntime().availableProcessors() + " processors this JVM may use) or cores-N with N >= 1"
                + " (N fewer, never below 1), e.g. cores-1");
    }

    @Test
    void everyDocumentedOptionIsRecordedAndEveryRecordedOptionDocumented() {
        java.util.Set<String> applied = new java.util.HashSet<>(from(Map.of()).applied().keySet());
        applied.remove("provider");
        assertEquals(applied, CannSettings.DOCUMENTATION.keySet());
    }

    @Test
    void providerOptionsCarryTheDefaultsExplicitlyAndBooleansAsOneOrZero() {
        assertEquals(Map.of("device_id", "0", "arena_extend_strategy", "kNextPowerOfTwo", "enable_cann_graph", "1",
                "dump_graphs", "0", "dump_om_model", "1", "precision_mode", "force_fp16",
                "op_select_impl_mode", "high_performance"), from(Map.of()).providerOptions());
        Map<String, String> set = from(Map.of("npu_mem_limit", "4096", "optypelist_for_implmode", "Pooling"))
                .providerOptions();
        assertEquals("4096", set.get("npu_mem_limit"));
        assertEquals("Pooling", set.get("optypelist_for_implmode"));
    }

    @Test
    void strictModeDisablesTheCpuFallbackThroughTheSessionConfig() {
        assertEquals(Map.of(), from(Map.of()).sessionConfig());
        assertEquals(Map.of("session.disable_cpu_ep_fallback", "1"), from(Map.of("strict", "true")).sessionConfig());
    }
}
