package dev.portbench.scenarios.catalog;

import dev.portbench.scenarios.MlaSpec;
import dev.portbench.scenarios.ModelSpec;
import dev.portbench.scenarios.MoeOp;
import dev.portbench.scenarios.MoeSpec;
import dev.portbench.scenarios.RouterSpec;
import dev.portbench.scenarios.Scenario;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.SpecException;
import dev.portbench.scenarios.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioYamlTest {
    private static final String SOURCE = "my.yaml";

    /** A valid dense scenario; line numbers in the tests refer to this text. */
    private static final String DENSE = """
            name: t
            description: "test: dense"
            seed: 7
            model:
              vocab_size: 256
              hidden: 64
              layers: 2
              heads: 4
              kv_heads: 2
              head_dim: 16
              ffn_hidden: 192
              max_seq_len: 64
            workloads:
              - {name: prefill, phase: prefill, batch: 2, seq_len: 16}
              - {name: decode, phase: decode, batch: 2, seq_len: 8, new_tokens: 8}
            """;

    /** The same with an MoE FFN in place of line 11. */
    private static final String MOE = edit(DENSE, "  ffn_hidden: 192\n", """
              moe:
                experts: 4
                top_k: 2
                expert_ffn_hidden: 64
            """);

    /** Multi-head latent attention in place of lines 9-10: kv_heads and head_dim follow from it. */
    private static final String MLA = edit(DENSE, "  kv_heads: 2\n  head_dim: 16\n", """
              mla:
                q_lora_rank: 0
                kv_lora_rank: 24
                qk_nope_head_dim: 16
                qk_rope_head_dim: 8
                v_head_dim: 12
            """);

    private static String edit(String yaml, String from, String to) {
        assertTrue(yaml.contains(from), "test text has no '" + from + "'");
        return yaml.replace(from, to);
    }

    private static Scenario parse(String yaml) {
        return ScenarioYaml.parse(SOURCE, new StringReader(yaml));
    }

    /** Parses a bad file and checks where the error points; returns it for further checks. */
    private static CatalogException rejected(String yaml, int line, String field, String inMessage) {
        CatalogException e = assertThrows(CatalogException.class, () -> parse(yaml));
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        assertEquals(SOURCE, e.source());
        assertEquals(line, e.line(), m);
        assertEquals(field, e.field(), m);
        String prefix = field.isEmpty() ? SOURCE + ":" + line + ": " : SOURCE + ":" + line + ": " + field + ": ";
        assertTrue(m.startsWith(prefix), "expected '" + prefix + "' at the start of: " + m);
        assertTrue(m.contains(inMessage), "expected '" + inMessage + "' in: " + m);
        return e;
    }

    @Test
    void denseFileParsesWithDefaults() {
        Scenario s = parse(DENSE);
        ModelSpec expected = new ModelSpec("t", 256, 64, 2, 4, 2, 16, 192, null, 10_000.0, 1e-5, 64);
        assertEquals(new Scenario("t", "test: dense", expected,
                List.of(Workload.prefill(2, 16), Workload.decode(2, 8, 8)), 7), s);
    }

    @Test
    void moeFileParsesWithDefaultSharedExpertsAndSeed() {
        Scenario s = parse(edit(MOE, "seed: 7\n", ""));
        assertEquals(new MoeSpec(4, 2, 64, 0), s.model().moe());
        assertEquals(0, s.model().ffnHidden());
        assertEquals(ScenarioCatalog.DEFAULT_SEED, s.seed());
    }

    @Test
    void mlaImpliesKvHeadsAndHeadDim() {
        ModelSpec m = parse(MLA).model();
        assertEquals(new MlaSpec(0, 24, 16, 8, 12), m.mla());
        assertEquals(4, m.kvHeads());
        assertEquals(24, m.headDim());
        assertEquals(m, parse(edit(MLA, "  heads: 4\n", "  heads: 4\n  kv_heads: 4\n  head_dim: 24\n")).model());
    }

    @Test
    void mlaErrorsPointAtTheirKey() {
        rejected(edit(MLA, "qk_rope_head_dim: 8", "qk_rope_head_dim: 7"), 13, "model.mla.qk_rope_head_dim",
                "mla.qk_rope_head_dim = 7; RoPE rotates pairs");
        rejected(edit(MLA, "    v_head_dim: 12\n", ""), 9, "model.mla.v_head_dim", "missing; expected an integer");
        rejected(edit(MLA, "  heads: 4\n", "  heads: 4\n  kv_heads: 2\n"), 9, "model.kv_heads",
                "kv_heads = 2 with mla; expected kv_heads = heads = 4");
        rejected(edit(MLA, "    v_head_dim: 12\n", "    v_head_dim: 12\n    rope_dim: 8\n"), 15, "model.mla.rope_dim",
                "kv_lora_rank");
        rejected(edit(MLA, "    v_head_dim: 12\n", "    v_head_dim: 12\n    form: folded\n"), 15, "model.mla.form",
                "mla.form = 'folded'; expected naive or absorbed");
        assertEquals(MlaSpec.Form.ABSORBED, parse(edit(MLA, "    v_head_dim: 12\n",
                "    v_head_dim: 12\n    form: absorbed\n")).model().mla().form());
    }

    @Test
    void deepSeekV3RouterKeysParse() {
        MoeSpec moe = parse(edit(MOE, "    expert_ffn_hidden: 64\n", """
                    expert_ffn_hidden: 64
                    scoring: sigmoid
                    norm_topk_prob: true
                    routed_scaling_factor: 2.5
                    n_group: 2
                    topk_group: 1
                    correction_bias: true
                    first_dense_layers: 1
                  ffn_hidden: 96
                """)).model().moe();
        assertEquals(new RouterSpec(RouterSpec.Scoring.SIGMOID, true, 2.5, 2, 1, true), moe.router());
        assertEquals(1, moe.firstDenseLayers());
        assertEquals(RouterSpec.SOFTMAX_TOP_K, parse(MOE).model().moe().router());
    }

    @Test
    void moeOpParsesAndRoundTrips() {
        assertEquals(MoeOp.LOOP, parse(MOE).model().moe().op());
        Scenario fused = parse(edit(MOE, "    top_k: 2\n", "    top_k: 2\n    moe_op: fused\n"));
        assertEquals(MoeOp.FUSED, fused.model().moe().op());
        assertEquals(fused.model(), ScenarioYaml.parse("again.yaml", new StringReader(ScenarioYaml.write(fused)))
                .model());
        rejected(edit(MOE, "    top_k: 2\n", "    top_k: 2\n    moe_op: cutlass\n"), 14, "model.moe.moe_op",
                "moe.moe_op = 'cutlass'; expected loop or fused");
        rejected(edit(MOE, "    top_k: 2\n", "    top_k: 2\n    moe_op: fused\n    scoring: sigmoid\n"), 14,
                "model.moe.moe_op", "routes by softmax top-k only");
    }

    @Test
    void routerErrorsPointAtTheirKey() {
        rejected(edit(MOE, "    top_k: 2\n", "    top_k: 2\n    scoring: tanh\n"), 14, "model.moe.scoring",
                "moe.scoring = 'tanh'; expected softmax or sigmoid");
        rejected(edit(MOE, "    top_k: 2\n", "    top_k: 2\n    n_group: 3\n"), 14, "model.moe.n_group",
                "moe.n_group = 3 does not divide moe.experts = 4");
        rejected(edit(MOE, "    top_k: 2\n", "    top_k: 2\n    first_dense_layers: 1\n"), 4, "model.ffn_hidden",
                "missing; expected ffn_hidden, the FFN width of the first 1 dense layer(s)");
    }

    @Test
    void realNumbersAcceptExponentsAndIntegers() {
        Scenario s = parse(edit(DENSE, "  max_seq_len: 64\n",
                "  max_seq_len: 64\n  rope_theta: 1e6\n  rms_norm_eps: 1e-6\n"));
        assertEquals(1e6, s.model().ropeTheta());
        assertEquals(1e-6, s.model().rmsNormEps());
        assertEquals(500_000.0, parse(edit(DENSE, "  max_seq_len: 64\n", "  max_seq_len: 64\n  rope_theta: 500000\n"))
                .model().ropeTheta());
    }

    @Test
    void loadReadsAFileAndReportsItsPath(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("t.yaml"), DENSE);
        assertEquals(parse(DENSE), ScenarioYaml.load(file));
        Path bad = Files.writeString(dir.resolve("bad.yaml"), edit(DENSE, "  heads: 4", "  heads: abc"));
        CatalogException e = assertThrows(CatalogException.class, () -> ScenarioYaml.load(bad));
        assertEquals(bad + ":8: model.heads: expected an integer, got 'abc'", e.getMessage());
    }

    @Test
    void unknownKeyNamesItsLineAndTheAllowedKeys() {
        rejected(edit(DENSE, "  hidden: 64\n", "  hidden: 64\n  hiden: 64\n"), 7, "model.hiden",
                "unknown key 'hiden'; expected one of: vocab_size, hidden, layers, heads, kv_heads, head_dim,"
                        + " ffn_hidden, moe, rope_theta, rms_norm_eps, max_seq_len");
        rejected(edit(DENSE, "seed: 7\n", "seed: 7\nsede: 8\n"), 4, "sede",
                "expected one of: name, description, seed, model, checkpoint, layers, moe_op, prompt, workloads");
        rejected(edit(DENSE, "batch: 2, seq_len: 8,", "batch: 2, seq: 8,"), 15, "workloads[1].seq", "unknown key 'seq'");
        rejected(edit(MOE, "    top_k: 2\n", "    top_k: 2\n    topk: 2\n"), 14, "model.moe.topk", "unknown key 'topk'");
    }

    @Test
    void onnxBesideModelNamesBothKeys() {
        rejected("onnx: model.onnx\n" + DENSE, 1, "onnx", "has both 'onnx' (line 1) and 'model' (line 5); expected"
                + " 'onnx' for a bring-your-own ONNX model or 'model' with 'workloads' for portbench's decoder, not both");
    }

    @Test
    void byoOnlyKeysWithoutOnnxSayWhatTheyBelongTo() {
        rejected(DENSE + "inputs: []\n", 16, "inputs", "'inputs' belongs to bring-your-own ONNX models");
        rejected("reference_backend: x\n" + DENSE, 1, "reference_backend", "which need 'onnx: FILE'");
    }

    @Test
    void aByoFileReadAsAScenarioPointsAtOnnx() {
        rejected("name: b\nonnx: m.onnx\ninputs: []\n", 2, "onnx", "is a bring-your-own ONNX model, not a scenario");
    }

    @Test
    void wrongTypesSayWhatWasReceivedAndExpected() {
        rejected(edit(DENSE, "  heads: 4", "  heads: abc"), 8, "model.heads", "expected an integer, got 'abc'");
        rejected(edit(DENSE, "  heads: 4", "  heads: 4.5"), 8, "model.heads", "expected an integer, got '4.5'");
        rejected(edit(DENSE, "  heads: 4", "  heads: \"4\""), 8, "model.heads",
                "expected an integer, got the quoted string '4'");
        rejected(edit(DENSE, "  hidden: 64", "  hidden: 99999999999"), 6, "model.hidden",
                "expected an integer between -2147483648 and 2147483647, got '99999999999'");
        rejected(edit(DENSE, "seed: 7", "seed: seven"), 3, "seed", "expected an integer, got 'seven'");
        rejected(edit(DENSE, "  max_seq_len: 64\n", "  max_seq_len: 64\n  rope_theta: fast\n"), 13,
                "model.rope_theta", "expected a number such as 10000, 0.5 or 1e-5, got 'fast'");
        rejected(edit(DENSE, "batch: 2, seq_len: 16", "batch: [2], seq_len: 16"), 14, "workloads[0].batch",
                "expected an integer, got a list");
        rejected(edit(DENSE, "workloads:\n  - {name: prefill, phase: prefill, batch: 2, seq_len: 16}\n"
                + "  - {name: decode, phase: decode, batch: 2, seq_len: 8, new_tokens: 8}\n", "workloads: 3\n"),
                13, "workloads", "expected a list, got '3'");
        rejected(DENSE.replaceAll("model:\n(  .*\n)+", "model: dense\n"), 4, "model", "expected a mapping of keys to values, got 'dense'");
    }

    @Test
    void missingRequiredFieldPointsAtItsParentKey() {
        rejected(edit(DENSE, "  layers: 2\n", ""), 4, "model.layers", "missing; expected an integer");
        rejected(edit(DENSE, "name: t\n", ""), 1, "name", "missing; expected a string");
        rejected(edit(DENSE, "batch: 2, seq_len: 8,", "seq_len: 8,"), 15, "workloads[1].batch",
                "missing; expected an integer");
        rejected(edit(DENSE, "  ffn_hidden: 192\n", ""), 4, "model.ffn_hidden",
                "missing; expected ffn_hidden for a dense model or a moe mapping for an MoE model");
    }

    @Test
    void headsNotDivisibleByKvHeadsPointsAtKvHeads() {
        CatalogException e = rejected(edit(edit(DENSE, "  heads: 4", "  heads: 6"), "  kv_heads: 2", "  kv_heads: 4"),
                9, "model.kv_heads", "heads = 6 is not divisible by kv_heads = 4");
        assertInstanceOf(SpecException.class, e.getCause());
    }

    @Test
    void topKAboveExpertsPointsAtMoeTopK() {
        rejected(edit(MOE, "    top_k: 2", "    top_k: 5"), 13, "model.moe.top_k",
                "moe.top_k = 5 is larger than moe.experts = 4");
    }

    @Test
    void ffnHiddenOnAnMoeModelPointsAtFfnHidden() {
        rejected(edit(MOE, "  head_dim: 16\n", "  head_dim: 16\n  ffn_hidden: 128\n"), 11, "model.ffn_hidden",
                "ffn_hidden = 128 on an MoE model");
    }

    @Test
    void nonPositiveValuesPointAtTheirKey() {
        rejected(edit(DENSE, "  vocab_size: 256", "  vocab_size: 0"), 5, "model.vocab_size", "vocab_size = 0");
        rejected(edit(DENSE, "batch: 2, seq_len: 16", "batch: 0, seq_len: 16"), 14, "workloads[0].batch",
                "batch = 0; expected a positive number");
        rejected(edit(DENSE, "name: t", "name: Bad Name"), 1, "name", "name = 'Bad Name'");
    }

    @Test
    void workloadErrorsPointAtTheWorkloadsKey() {
        rejected(edit(DENSE, "phase: decode", "phase: generate"), 15, "workloads[1].phase",
                "phase = 'generate'; expected one of prefill, decode");
        rejected(edit(DENSE, "name: decode, phase: decode, batch: 2, seq_len: 8, new_tokens: 8",
                "name: decode, phase: decode, batch: 2, seq_len: 8"), 15, "workloads[1].new_tokens",
                "new_tokens = 0; expected a positive number");
        rejected(edit(DENSE, "name: prefill, phase: prefill, batch: 2, seq_len: 16",
                "name: prefill, phase: prefill, batch: 2, seq_len: 16, new_tokens: 4"), 14, "workloads[0].new_tokens",
                "on a prefill workload");
        rejected(edit(DENSE, "name: decode,", "name: prefill,"), 15, "workloads[1].name",
                "two workloads named 'prefill'");
    }

    @Test
    void workloadLongerThanMaxSeqLenPointsAtTheLengthThatOverflows() {
        rejected(edit(DENSE, "seq_len: 8, new_tokens: 8", "seq_len: 8, new_tokens: 100"), 15, "workloads[1].new_tokens",
                "reaches a context of 107 tokens, longer than the model's max_seq_len = 64");
        rejected(edit(DENSE, "batch: 2, seq_len: 16}", "batch: 2, seq_len: 65}"), 14, "workloads[0].seq_len",
                "reaches a context of 65 tokens");
    }

    @Test
    void emptyWorkloadListPointsAtWorkloads() {
        rejected(DENSE.substring(0, DENSE.indexOf("workloads:")) + "workloads: []\n", 13, "workloads",
                "needs at least one workload");
    }

    @Test
    void duplicateKeyPointsAtTheSecondOne() {
        rejected(edit(DENSE, "  heads: 4\n", "  heads: 4\n  heads: 8\n"), 9, "model.heads",
                "duplicate key 'heads' (first at line 8)");
        rejected(DENSE + "name: u\n", 16, "name", "duplicate key 'name' (first at line 1)");
    }

    @Test
    void syntaxErrorGivesTheLineOfTheProblem() {
        rejected(edit(DENSE, "  hidden: 64\n", "   hidden: 64\n"), 6, "",
                "invalid YAML: mapping values are not allowed here");
        rejected(edit(DENSE, "  hidden: 64\n", "\thidden: 64\n"), 6, "", "Do not use \\t(TAB) for indentation");
        rejected("a: 1\n---\nb: 2\n", 2, "", "expected a single document in the stream at line 1, but found another document");
    }

    @Test
    void unclosedBracketNamesTheLineWhereItOpened() {
        // SnakeYAML notices on a later line; the context says where the sequence began
        rejected(edit(DENSE, "  head_dim: 16\n", "  head_dim: [16\n"), 11, "",
                "while parsing a flow sequence at line 10, expected ',' or ']', but got :");
        rejected("name: t\nmodel:\n  head_dim: [16\n", 4, "",
                "while parsing a flow sequence at line 3, expected ',' or ']', but got <stream end>");
    }

    @Test
    void emptyOrNonMappingFilesAreRejected() {
        rejected("", 1, "", "the file is empty; expected a YAML mapping");
        rejected("# only a comment\n", 1, "", "the file is empty");
        rejected("\n\n- a\n- b\n", 3, "", "expected a YAML mapping at the top level, got a list");
        rejected("dense-tiny\n", 1, "", "expected a YAML mapping at the top level, got 'dense-tiny'");
    }

    static Stream<Scenario> builtIns() {
        return ScenarioCatalog.builtIn().all().stream();
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void everyBuiltInSurvivesWriteThenParse(Scenario s) {
        assertEquals(s, parse(ScenarioYaml.write(s)));
    }

    @Test
    void awkwardValuesSurviveWriteThenParse() {
        ModelSpec m = new ModelSpec("null", 256, 64, 2, 4, 2, 16, 0, new MoeSpec(4, 2, 64, 1), 123_456.789,
                3.0e-7, 64);
        Scenario s = new Scenario("null", "quotes \" and \\ and: colons\nand a new line, tab\t, ünïcode",
                m, List.of(Workload.prefill(1, 4).named("true"), Workload.decode(1, 4, 2).named("007")), -5);
        String yaml = ScenarioYaml.write(s);
        assertEquals(s, parse(yaml));
        assertTrue(yaml.contains("name: \"null\""), yaml);
    }

    @Test
    void writtenFileLooksLikeTheHandWrittenOnes() {
        String yaml = ScenarioYaml.write(ScenarioCatalog.builtIn().find("moe-tiny").orElseThrow());
        assertEquals("""
                name: moe-tiny
                description: "MoE decoder, 2 layers, 4 experts top-2 plus a shared expert: for tests"
                seed: 20260101
                model:
                  vocab_size: 256
                  hidden: 64
                  layers: 2
                  heads: 4
                  kv_heads: 2
                  head_dim: 16
                  moe:
                    experts: 4
                    top_k: 2
                    expert_ffn_hidden: 64
                    shared_experts: 1
                  rope_theta: 10000
                  rms_norm_eps: 1.0e-5
                  max_seq_len: 64
                workloads:
                  - {name: prefill, phase: prefill, batch: 2, seq_len: 16}
                  - {name: decode, phase: decode, batch: 2, seq_len: 8, new_tokens: 8}
                """, yaml);
    }
}
