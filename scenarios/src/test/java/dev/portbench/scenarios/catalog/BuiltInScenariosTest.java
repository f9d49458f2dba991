package dev.portbench.scenarios.catalog;

import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.WeightLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped scenario files: complete index, valid specs, parameter counts against hand counts and published sizes. */
class BuiltInScenariosTest {
    /** Surefire runs in the module folder, so the source tree is at hand to compare with the index. */
    private static final Path SOURCE_DIR = Path.of("src/main/resources", ScenarioCatalog.RESOURCE_DIR);
    private static final long GIB = 1L << 30;

    static Stream<String> builtInNames() {
        return ScenarioCatalog.builtIn().names().stream();
    }

    private static ModelSpec model(String name) {
        return ScenarioCatalog.builtIn().find(name).orElseThrow().model();
    }

    private static ModelSpec withLayers(ModelSpec s, int layers) {
        return new ModelSpec(s.name(), s.vocabSize(), s.hidden(), layers, s.heads(), s.kvHeads(), s.headDim(),
                s.ffnHidden(), s.moe(), s.ropeTheta(), s.rmsNormEps(), s.maxSeqLen());
    }

    /** Counted from the architecture, tensor by tensor, without ModelSpec's or WeightLayout's arithmetic. */
    private static long handCount(ModelSpec s, boolean activeOnly) {
        long h = s.hidden();
        long q = (long) s.heads() * s.headDim();
        long kv = (long) s.kvHeads() * s.headDim();
        long attention = h /* attn_norm */ + h * q /* wq */ + 2 * h * kv /* wk, wv */ + q * h /* wo */;
        if (s.isMla()) {
            MlaSpec m = s.mla();
            long heads = s.heads();
            long query = m.qLoraRank() == 0 ? h * heads * (m.qkNopeHeadDim() + m.qkRopeHeadDim()) /* wq */
                    : h * m.qLoraRank() + m.qLoraRank() + m.qLoraRank() * heads * (m.qkNopeHeadDim() + m.qkRopeHeadDim());
            attention = h /* attn_norm */ + query + h * (m.kvLoraRank() + m.qkRopeHeadDim()) /* wkv_a */
                    + m.kvLoraRank() /* kv_a_norm */ + m.kvLoraRank() * heads * (m.qkNopeHeadDim() + m.vHeadDim())
                    + heads * m.vHeadDim() * h /* wo */;
        }
        long denseFfn = h /* ffn_norm */ + 3 * h * s.ffnHidden();
        long moeFfn = 0;
        int denseLayers = s.layers();
        if (s.isMoe()) {
            MoeSpec m = s.moe();
            long used = (activeOnly ? m.topK() : m.experts()) + m.sharedExperts();
            long bias = m.router().correctionBias() ? m.experts() : 0;
            moeFfn = h /* ffn_norm */ + h * m.experts() /* router */ + bias + used * 3 * h * m.expertFfnHidden();
            denseLayers = Math.min(m.firstDenseLayers(), s.layers());
        }
        long embedHeadNorm = 2L * s.vocabSize() * h + h;
        return embedHeadNorm + s.layers() * attention + denseLayers * denseFfn + (s.layers() - denseLayers) * moeFfn;
    }

    @Test
    void indexListsExactlyTheYamlFilesOfTheSourceFolder() throws IOException {
        List<String> index = Files.readAllLines(SOURCE_DIR.resolve(ScenarioCatalog.INDEX)).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> onDisk;
        try (Stream<Path> files = Files.list(SOURCE_DIR)) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml")).sorted().toList();
        }
        assertEquals(onDisk, index.stream().sorted().toList());
        assertEquals(index.size(), index.stream().distinct().count(), "index lists a file twice: " + index);
        assertEquals(index, ScenarioCatalog.builtIn().names().stream().map(n -> n + ".yaml").toList(),
                "each file is named after its scenario, in index order");
    }

    @ParameterizedTest
    @MethodSource("builtInNames")
    void everyBuiltInReportsItsParametersWithoutAllocatingWeights(String name) {
        ModelSpec s = model(name);
        assertEquals(handCount(s, false), s.totalParameters());
        assertEquals(handCount(s, true), s.activeParameters());
        assertEquals(s.isMoe(), s.activeParameters() < s.totalParameters());
        // the layout is tensor shapes only; no weight is generated
        assertEquals(s.totalParameters(), WeightLayout.of(s).parameterCount());
    }

    /** Real widths of trillion-parameter models: even one of their MoE layers is for hosts with the memory. */
    private static final Set<String> LAB_SIZED = Set.of("deepseek-v3-style", "kimi-k2-style");

    @ParameterizedTest
    @MethodSource("builtInNames")
    void fp32WeightsFitInAThirdOfA24GibMachineOrAreDeclaredLabSized(String name) {
        // a third leaves room for an exported copy of the weights and the activations
        long bytes = Dtype.FP32.weightBytes(WeightLayout.of(model(name)));
        if (LAB_SIZED.contains(name)) {
            assertTrue(bytes > 8 * GIB, name + " fits after all: " + bytes + " bytes");
            assertTrue(ScenarioCatalog.builtIn().find(name).orElseThrow().description().contains("Lab-sized: "
                    + Math.round(bytes / 1e9) + " GB of fp32 weights"), name + " says how large it is");
        } else {
            assertTrue(bytes <= 8 * GIB, name + ": " + bytes + " bytes of fp32 weights");
        }
    }

    @Test
    void theMlaAndGqaPairHaveEqualParametersAndMlaCachesLess() {
        ModelSpec gqa = model("dense-small");
        ModelSpec mla = model("mla-small");
        // per layer: wq_a 256·33 + 33 + wq_b 33·8·48 + wkv_a 256·111 + 95 + wkv_b 95·8·64 + wo 8·32·256 = 163 840,
        // dense-small's wq 256·256 + wk, wv 2·256·64 + wo 256·256
        assertEquals(gqa.attentionParametersPerLayer(), mla.attentionParametersPerLayer());
        assertEquals(163_840L + 256, mla.attentionParametersPerLayer());
        assertEquals(gqa.totalParameters(), mla.totalParameters());
        assertEquals(4 * (95 + 16) * 4, mla.kvCacheBytesPerToken(4)); // 1 776 against dense-small's 2 048
        assertEquals(4 * 2 * 2 * 32 * 4, gqa.kvCacheBytesPerToken(4));
    }

    @Test
    void deepSeekV3WidthsGiveItsPublishedLayerSizes() {
        ModelSpec v3 = model("deepseek-v3-style");
        // one MoE layer: 256 experts + 1 shared of 3·7168·2048, the router and its bias, the FFN norm
        long moeLayer = 257L * 3 * 7168 * 2048 + 7168L * 256 + 256 + 7168;
        assertEquals(2L * 129_280 * 7168 + 7168 + v3.attentionParametersPerLayer() + moeLayer, v3.totalParameters());
        assertEquals(13_360_651_520L, v3.totalParameters());
        assertEquals(576, v3.kvCacheShape().valuesPerPosition()); // DeepSeek-V3's 512 + 64 per token and layer
        assertEquals(2.5, v3.moe().router().routedScaling());
    }

    @ParameterizedTest
    @MethodSource("builtInNames")
    void everyWorkloadFitsTheModelContext(String name) {
        Scenario s = ScenarioCatalog.builtIn().find(name).orElseThrow();
        assertEquals(List.of("prefill", "decode"), s.workloadNames());
        s.workloads().forEach(w -> assertTrue(w.maxContext() <= s.model().maxSeqLen(), name + " " + w));
    }

    @Test
    void familyShapesKeepOneLayerAndSayHowManyTheRealModelHas() {
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 1), Stream.of("llama-style", "mixtral-style", "qwen3-moe-style",
                "qwen3-dense-equiv", "deepseek-style", "deepseek-v3-style", "kimi-k2-style")
                .map(n -> model(n).layers()).toList());
        assertTrue(ScenarioCatalog.builtIn().find("qwen3-moe-style").orElseThrow().description()
                .startsWith("Qwen3-30B-A3B widths, 1 of 48 layers"));
        assertTrue(ScenarioCatalog.builtIn().find("deepseek-style").orElseThrow().description()
                .contains("multi-head latent attention (KV latent 512, rope key 64)"));
        assertTrue(model("deepseek-style").isMla());
    }

    /*
     * Published sizes, with the real layer counts. Tolerance 2%: the published figures are rounded to two or three
     * significant digits ("3.3B" is 3.35B rounded, a 1.6% gap on its own), and our layers lack Qwen3's q/k RMSNorm
     * gains (2 x 128 per layer, 12 288 parameters in all, far below the rounding). Llama and Mixtral have neither
     * issue, so their exact Hugging Face counts are checked too.
     */
    private static void assertNear(double published, long ours, String what) {
        assertTrue(Math.abs(ours - published) <= 0.02 * published, what + ": ours " + ours + ", published " + published);
    }

    @Test
    void llama3_8bAtFullDepthHasItsPublishedSize() {
        ModelSpec full = withLayers(model("llama-style"), 32);
        // per layer 4096 + 4096·4096·2 + 2·4096·1024 + 4096 + 3·4096·14336 = 218 112 000; plus 2·128256·4096 + 4096
        assertEquals(32 * 218_112_000L + 2L * 128_256 * 4096 + 4096, full.totalParameters());
        assertEquals(8_030_261_248L, full.totalParameters());
        assertNear(8.03e9, full.totalParameters(), "Llama-3-8B total");
    }

    @Test
    void mixtral8x7bAtFullDepthHasItsPublishedSizes() {
        ModelSpec full = withLayers(model("mixtral-style"), 32);
        assertEquals(handCount(full, false), full.totalParameters());
        assertEquals(46_702_792_704L, full.totalParameters());
        assertNear(46.7e9, full.totalParameters(), "Mixtral-8x7B total");
        assertNear(12.9e9, full.activeParameters(), "Mixtral-8x7B active");
    }

    @Test
    void qwen3_30bA3bAtFullDepthHasItsPublishedSizes() {
        ModelSpec full = withLayers(model("qwen3-moe-style"), 48);
        assertEquals(handCount(full, false), full.totalParameters());
        assertNear(30.5e9, full.totalParameters(), "Qwen3-30B-A3B total");
        assertNear(3.3e9, full.activeParameters(), "Qwen3-30B-A3B active");
    }

    @Test
    void denseAndMoePairsDifferInActiveParametersByExactlyTheRouters() {
        String[][] pairs = {{"dense-tiny", "moe-tiny"}, {"dense-small", "moe-small"}, {"dense-medium", "moe-medium"},
                {"qwen3-dense-equiv", "qwen3-moe-style"}};
        for (String[] pair : pairs) {
            ModelSpec dense = model(pair[0]);
            ModelSpec moe = model(pair[1]);
            long routers = (long) moe.layers() * moe.hidden() * moe.moe().experts();
            assertEquals(routers, moe.activeParameters() - dense.activeParameters(), pair[1]);
        }
        // spelled out for one pair: 8 layers · 512 wide · 16 experts
        assertEquals(8L * 512 * 16, model("moe-medium").activeParameters() - model("dense-medium").activeParameters());
    }
}
