package dev.portbench.scenarios.catalog;

import dev.portbench.results.Npy;
import dev.portbench.scenarios.ScenarioCatalog;
import dev.portbench.scenarios.byo.ByoModel;
import dev.portbench.scenarios.byo.ElementType;
import dev.portbench.scenarios.byo.InputSpec;
import dev.portbench.scenarios.byo.InputTensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByoYamlTest {
    /** A valid BYO file; line numbers in the tests refer to this text. */
    private static final String BYO = """
            name: my-classifier
            description: "a user's model"
            onnx: models/my.onnx
            seed: 7
            reference_backend: onnxruntime-cpu
            inputs:
              - name: input_ids
                dtype: int64
                shape: [1, 16]
                range: [0, 255]
              - name: mask
                dtype: float32
                shape: [1, 4]
                npy: mask.npy
            """;
    private static final float[] MASK = {1f, 0.5f, -0.25f, 0f};

    @TempDir
    Path dir;

    @BeforeEach
    void writeModelAndNpy() throws IOException {
        Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("models/my.onnx"), new byte[] {1, 2, 3}); // only its existence is checked here
        Npy.write(dir.resolve("mask.npy"), new long[] {1, 4}, MASK);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("byo.yaml"), yaml);
    }

    private static String edit(String yaml, String from, String to) {
        assertTrue(yaml.contains(from), "test text has no '" + from + "'");
        return yaml.replace(from, to);
    }

    private ByoModel read(String yaml) throws IOException {
        return assertInstanceOf(ByoFile.class, ScenarioYaml.readAny(write(yaml))).model();
    }

    private CatalogException rejected(String yaml, int line, String field, String inMessage) throws IOException {
        Path file = write(yaml);
        CatalogException e = assertThrows(CatalogException.class, () -> ScenarioYaml.readAny(file));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertEquals(file.toString(), e.source());
        assertEquals(line, e.line(), m);
        assertEquals(field, e.field(), m);
        assertTrue(m.contains(inMessage), "expected '" + inMessage + "' in: " + m);
        return e;
    }

    @Test
    void readsEveryField() throws IOException {
        Path file = write(BYO);
        ByoFile f = assertInstanceOf(ByoFile.class, ScenarioYaml.readAny(file));
        ByoModel m = f.model();
        assertEquals("my-classifier", m.name());
        assertEquals("a user's model", m.description());
        assertEquals(dir.resolve("models/my.onnx").toAbsolutePath().normalize(), m.onnx());
        assertTrue(m.onnx().isAbsolute());
        assertEquals(7, m.seed());
        assertEquals("onnxruntime-cpu", m.referenceBackend());
        assertEquals(file.toString(), m.source());
        assertEquals(1, f.nameLine());

        InputSpec ids = m.inputs().get(0);
        assertEquals("input_ids", ids.name());
        assertEquals(ElementType.INT64, ids.dtype());
        assertArrayEquals(new long[] {1, 16}, ids.shape());
        assertEquals(new InputSpec.IntRange(0, 255), ids.values());

        InputSpec mask = m.inputs().get(1);
        assertEquals(ElementType.FLOAT32, mask.dtype());
        InputSpec.NpyValues npy = assertInstanceOf(InputSpec.NpyValues.class, mask.values());
        assertEquals(dir.resolve("mask.npy").toAbsolutePath().normalize(), npy.file());
        InputTensor t = mask.materialise(m.seed());
        assertArrayEquals(MASK, t.floats());
        assertArrayEquals(new long[] {1, 4}, t.shape());
    }

    @Test
    void seedAndReferenceBackendDefault() throws IOException {
        ByoModel m = read(BYO.replace("seed: 7\n", "").replace("reference_backend: onnxruntime-cpu\n", ""));
        assertEquals(ScenarioCatalog.DEFAULT_SEED, m.seed());
        assertEquals(ByoModel.DEFAULT_REFERENCE_BACKEND, m.referenceBackend());
    }

    @Test
    void floatRangesAndOtherNpyTypesAreRead() throws IOException {
        Npy.write(dir.resolve("ids.npy"), new long[] {2}, new long[] {5, 9});
        ByoModel m = read(edit(edit(BYO, "    dtype: float32\n    shape: [1, 4]\n    npy: mask.npy\n",
                "    dtype: float64\n    shape: [3]\n    range: [-0.5, 2.5]\n"),
                "    shape: [1, 16]\n    range: [0, 255]\n", "    shape: [2]\n    npy: ids.npy\n"));
        assertEquals(new InputSpec.FloatRange(-0.5, 2.5), m.inputs().get(1).values());
        assertArrayEquals(new long[] {5, 9}, m.inputs().get(0).materialise(0).longs());
    }

    @Test
    void missingOnnxFileIsAnErrorAtItsLine() throws IOException {
        Files.delete(dir.resolve("models/my.onnx"));
        rejected(BYO, 3, "onnx", "file not found: " + dir.resolve("models/my.onnx").toAbsolutePath().normalize());
    }

    @Test
    void missingNpyFileIsAnErrorAtItsLine() throws IOException {
        Files.delete(dir.resolve("mask.npy"));
        rejected(BYO, 14, "inputs[1].npy", "file not found: " + dir.resolve("mask.npy").toAbsolutePath().normalize());
    }

    @Test
    void npyOfAnotherTypeOrShapeSaysWhatItHoldsAndWhatWasExpected() throws IOException {
        Npy.write(dir.resolve("mask.npy"), new long[] {1, 4}, new double[] {1, 2, 3, 4});
        rejected(BYO, 14, "inputs[1].npy", "mask.npy holds float64 [1, 4]; expected float32 [1, 4] as input 'mask' says");
        Npy.write(dir.resolve("mask.npy"), new long[] {4}, MASK);
        rejected(BYO, 14, "inputs[1].npy", "mask.npy holds float32 [4]; expected float32 [1, 4] as input 'mask' says");
    }

    @Test
    void unreadableNpyIsAnErrorAtItsLine() throws IOException {
        Files.writeString(dir.resolve("mask.npy"), "not numpy");
        rejected(BYO, 14, "inputs[1].npy", "cannot read " + dir.resolve("mask.npy").toAbsolutePath().normalize());
    }

    @Test
    void unknownDtypeListsTheAcceptedOnes() throws IOException {
        rejected(edit(BYO, "dtype: float32", "dtype: float16"), 12, "inputs[1].dtype",
                "unknown dtype 'float16'; expected one of float32, float64, int64, int32");
    }

    @Test
    void exactlyOneOfRangeAndNpy() throws IOException {
        rejected(edit(BYO, "    npy: mask.npy\n", "    npy: mask.npy\n    range: [0, 1]\n"), 15, "inputs[1].range",
                "input 'mask' has both range and npy; expected exactly one");
        rejected(edit(BYO, "    range: [0, 255]\n", ""), 7, "inputs[0].range",
                "input 'input_ids' has neither range nor npy; expected exactly one");
    }

    @Test
    void badShapesPointAtShape() throws IOException {
        rejected(edit(BYO, "shape: [1, 16]", "shape: [1, 0]"), 9, "inputs[0].shape",
                "input 'input_ids': shape [1, 0] has dimension 0; expected fixed positive sizes");
        rejected(edit(BYO, "shape: [1, 16]", "shape: [1, batch]"), 9, "inputs[0].shape[1]",
                "expected an integer, got 'batch'");
        rejected(edit(BYO, "shape: [1, 16]", "shape: [65536, 65536]"), 9, "inputs[0].shape",
                "holds more than 2147483639 values");
    }

    @Test
    void badRangesPointAtRange() throws IOException {
        rejected(edit(BYO, "range: [0, 255]", "range: [9, 3]"), 10, "inputs[0].range",
                "input 'input_ids': range [9, 3]; expected lo <= hi");
        rejected(edit(BYO, "range: [0, 255]", "range: [0, 1, 2]"), 10, "inputs[0].range",
                "range has 3 values; expected two, [lo, hi]");
        rejected(edit(BYO, "range: [0, 255]", "range: [0, 0.5]"), 10, "inputs[0].range[1]",
                "expected an integer, got '0.5'");
        rejected(edit(edit(BYO, "dtype: int64", "dtype: int32"), "range: [0, 255]", "range: [0, 4294967296]"), 10,
                "inputs[0].range", "expected bounds within int32");
        String floats = edit(BYO, "    shape: [1, 4]\n    npy: mask.npy\n", "    shape: [1, 4]\n    range: [1, 1]\n");
        rejected(floats, 14, "inputs[1].range", "input 'mask': range [1.0, 1.0]; expected finite lo < hi as float32");
    }

    @Test
    void repeatedInputNamePointsAtTheSecond() throws IOException {
        rejected(edit(BYO, "  - name: mask", "  - name: input_ids"), 11, "inputs[1].name",
                "has two inputs named 'input_ids'");
    }

    @Test
    void unknownKeysListTheAllowedOnes() throws IOException {
        rejected(edit(BYO, "    npy: mask.npy\n", "    npy: mask.npy\n    layout: nchw\n"), 15, "inputs[1].layout",
                "unknown key 'layout'; expected one of: name, dtype, shape, range, npy");
        rejected(BYO + "workloads: []\n", 15, "workloads",
                "expected one of: name, description, onnx, seed, reference_backend, inputs");
    }

    @Test
    void missingKeysAndBadNamesPointAtTheirLines() throws IOException {
        rejected(edit(BYO, "    dtype: int64\n", ""), 7, "inputs[0].dtype",
                "missing; expected one of float32, float64, int64, int32");
        rejected(edit(BYO, "inputs:\n", "inputz:\n"), 6, "inputz", "unknown key 'inputz'");
        rejected(edit(BYO, "name: my-classifier", "name: My Classifier"), 1, "name",
                "expected lower-case letters, digits");
    }

    @Test
    void onnxBesideModelNamesBothKeys() throws IOException {
        rejected(BYO + "model: {}\n", 3, "onnx", "has both 'onnx' (line 3) and 'model' (line 15)");
    }

    @Test
    void readingAByoFileAsAScenarioIsAnErrorAtOnnx() throws IOException {
        Path file = write(BYO);
        CatalogException e = assertThrows(CatalogException.class, () -> ScenarioYaml.read(file));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("ScenarioYaml.readAny"), e.getMessage());
    }

    @Test
    void readAnyReadsScenariosToo() throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), ScenarioYaml.write(
                ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow()));
        ScenarioFile f = assertInstanceOf(ScenarioFile.class, ScenarioYaml.readAny(file));
        assertEquals(ScenarioCatalog.builtIn().find("dense-tiny").orElseThrow(), f.scenario());
    }

    @Test
    void catalogKeepsByoModelsApartAndNamesUniqueAcrossKinds() throws IOException {
        Path file = write(BYO);
        ScenarioCatalog c = ScenarioCatalog.withFiles(List.of(file));
        assertEquals(ScenarioCatalog.builtIn().names(), c.names());
        assertEquals(List.of("my-classifier"), c.byoModels().stream().map(ByoModel::name).toList());
        assertEquals(7, c.findByo("my-classifier").orElseThrow().seed());
        assertTrue(c.find("my-classifier").isEmpty());
        assertTrue(c.findByo("dense-tiny").isEmpty());
        assertEquals(file.toString(), c.sourceOf("my-classifier").orElseThrow());

        Path clash = Files.writeString(dir.resolve("clash.yaml"), BYO.replace("name: my-classifier", "name: dense-tiny"));
        CatalogException e = assertThrows(CatalogException.class, () -> ScenarioCatalog.withFiles(List.of(clash)));
        assertEquals(clash + ":1: name: bring-your-own model 'dense-tiny' is already defined at "
                + "classpath:dev/portbench/scenarios/catalog/dense-tiny.yaml:2 as a scenario; expected a name no other"
                + " scenario or model uses", e.getMessage());

        Path twin = Files.writeString(dir.resolve("twin.yaml"), "\n" + BYO);
        e = assertThrows(CatalogException.class, () -> ScenarioCatalog.withFiles(List.of(file, twin)));
        assertEquals(twin + ":2: name: bring-your-own model 'my-classifier' is already defined at " + file
                + ":1; expected a name no other scenario or model uses", e.getMessage());
    }
}
