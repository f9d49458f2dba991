package dev.portbench.harness.cli;

import dev.portbench.backend.BackendProvider;
import dev.portbench.backend.Backends;
import dev.portbench.harness.plan.Suite;
import dev.portbench.harness.plan.SuiteEntry;
import dev.portbench.scenarios.Dtype;
import dev.portbench.scenarios.ScenarioCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSelectionTest {
    private final List<BackendProvider> providers = Backends.discover();
    private final ScenarioCatalog catalog = ScenarioCatalog.builtIn();
    private final Suite smoke = RunSelection.suite("smoke", catalog, providers);

    @Test
    void optionsAreGroupedByBackend() {
        Map<String, Map<String, String>> grouped = RunSelection.options(List.of(
                "onnxruntime-cpu.intra_op_threads=2", "onnxruntime-cpu.execution_mode=parallel"), providers);
        assertEquals(Map.of("onnxruntime-cpu", Map.of("intra_op_threads", "2", "execution_mode", "parallel")), grouped);
    }

    @Test
    void aKeyGivenTwiceWithTwoValuesIsAUsageErrorNamingBoth() {
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () ->
                RunSelection.options(List.of("onnxruntime-cpu.intra_op_threads=1",
                        "onnxruntime-cpu.intra_op_threads=2"), providers));
        assertEquals("option 'onnxruntime-cpu.intra_op_threads=2' after 'onnxruntime-cpu.intra_op_threads=1';"
                + " expected one value per backend and key", e.getMessage());
        assertEquals(Map.of("onnxruntime-cpu", Map.of("intra_op_threads", "1")), RunSelection.options(List.of(
                "onnxruntime-cpu.intra_op_threads=1", "onnxruntime-cpu.intra_op_threads=1"), providers), "repeated");
        assertEquals(Map.of("onnxruntime-cpu", Map.of("intra_op_threads", "1"), "onnxruntime-cpu@1.28.0",
                Map.of("intra_op_threads", "2")), RunSelection.options(List.of("onnxruntime-cpu.intra_op_threads=1",
                "onnxruntime-cpu@1.28.0.intra_op_threads=2"), providers), "a version's own wins, as documented");
    }

    /** The built-in suites are read against the backends found, as a run reads them. */
    @Test
    void theNightlySuiteMeasuresTheHostFirstAndLeavesACoreToTheHarnessWhileSmokeDoesNeither() {
        Suite nightly = RunSelection.suite("nightly", catalog, providers);
        assertEquals(java.time.Duration.ofSeconds(40), nightly.hostStability());
        assertEquals("cores-1", nightly.hostStabilityThreads());
        assertEquals(Map.of("onnxruntime-cpu", Map.of("intra_op_threads", "cores-1"),
                "djl-pytorch", Map.of("intra_op_threads", "cores-1"), "reference-fp32", Map.of("threads", "cores-1"),
                "reference-fp64", Map.of("threads", "cores-1")), nightly.options());
        assertEquals(Map.of("onnxruntime-cpu", Map.of("intra_op_threads", "2"), "onnxruntime-cpu@1.28.0",
                Map.of("intra_op_threads", "2"), "reference-fp64", Map.of("threads", "cores-1")),
                RunSelection.optionsFor(List.of("onnxruntime-cpu", "onnxruntime-cpu@1.28.0", "reference-fp64",
                        "onnxruntime-cuda"), nightly.options(), RunSelection.options(
                        List.of("onnxruntime-cpu.intra_op_threads=2"), providers)),
                "-O wins; the GPU backends keep every core");
        assertEquals(null, smoke.hostStability());
        assertEquals(Map.of(), smoke.options());
    }

    @Test
    void noBackendsGivenMeansEveryBackendFound() {
        assertEquals(providers.stream().map(BackendProvider::id).toList(),
                RunSelection.backends(null, smoke, providers));
    }

    @Test
    void repeatedNamesAreRunOnce() {
        assertEquals(List.of("reference-fp32"), RunSelection.backends(List.of("reference-fp32", "reference-fp32"),
                smoke, providers));
        Suite narrowed = RunSelection.narrowed(smoke, List.of("dense-tiny", "dense-tiny"), null, null, catalog);
        assertEquals(List.of("dense-tiny"), narrowed.scenarios());
    }

    @Test
    void scenariosReplaceTheMatrixWithEveryWorkloadInFp32() {
        Suite narrowed = RunSelection.narrowed(smoke, List.of("moe-tiny"), null, null, catalog);
        assertEquals(List.of(new SuiteEntry(List.of("moe-tiny"), List.of(), List.of(Dtype.FP32))), narrowed.matrix());
    }

    @Test
    void workloadsAndDtypesReplaceThoseOfEveryEntry() {
        Suite narrowed = RunSelection.narrowed(smoke, null, List.of("decode"), List.of("fp16", "int8-wo"), catalog);
        assertEquals(smoke.matrix().size(), narrowed.matrix().size());
        for (SuiteEntry e : narrowed.matrix()) {
            assertEquals(List.of("decode"), e.workloads());
            assertEquals(List.of(Dtype.FP16, Dtype.INT8_WO), e.dtypes());
        }
    }

    @Test
    void unknownDtypeIsAUsageErrorListingTheKnownOnes() {
        UsageException e = assertThrows(UsageException.class,
                () -> RunSelection.narrowed(smoke, null, null, List.of("fp8"), catalog));
        assertTrue(e.getMessage().contains("dtype = 'fp8'; expected one of fp32, fp16, bf16, int8-wo"), e.getMessage());
    }

    @Test
    void theSmokeSuiteHasTheSmallPrefillAndTheTinyDecodeInTwoPrecisions() {
        assertEquals(List.of("dense-small", "moe-small", "dense-tiny", "moe-tiny"), smoke.scenarios());
        assertEquals(List.of(Dtype.FP32, Dtype.FP16), smoke.matrix().get(1).dtypes());
        assertEquals(List.of("decode"), smoke.matrix().get(1).workloads());
    }

    @Test
    void versionedBackendsAreKeptAsNamedBesidePlainOnes() {
        assertEquals(List.of("onnxruntime-cpu@1.28.0", "onnxruntime-cpu@1.29.0", "reference-fp64"),
                RunSelection.backends(List.of("onnxruntime-cpu@1.28.0", "onnxruntime-cpu@1.29.0", "reference-fp64",
                        "onnxruntime-cpu@1.28.0"), smoke, providers));
    }

    @Test
    void aSuitesVersionedBackendWithoutASwappableRuntimeIsAUsageError() {
        Suite suite = smoke.withBackends(List.of("reference-fp32@2"));
        UsageException e = assertThrows(UsageException.class, () -> RunSelection.backends(null, suite, providers));
        assertTrue(e.getMessage().contains("reference-fp32 has no swappable runtime"), e.getMessage());
    }

    @Test
    void anIdsOptionsApplyToEveryVersionAndAVersionsOwnOptionsWin() {
        Map<String, Map<String, String>> grouped = RunSelection.options(List.of(
                "onnxruntime-cpu.intra_op_threads=2", "onnxruntime-cpu.graph_optimization_level=basic_opt",
                "onnxruntime-cpu@1.28.0.intra_op_threads=1"), providers);
        assertEquals(Map.of("onnxruntime-cpu", Map.of("intra_op_threads", "2", "graph_optimization_level", "basic_opt"),
                "onnxruntime-cpu@1.28.0", Map.of("intra_op_threads", "1")), grouped);
        Map<String, Map<String, String>> perBackend = RunSelection.optionsFor(
                List.of("onnxruntime-cpu@1.28.0", "onnxruntime-cpu@1.29.0", "onnxruntime-cpu", "reference-fp64"),
                grouped);
        assertEquals(Map.of(
                "onnxruntime-cpu@1.28.0", Map.of("intra_op_threads", "1", "graph_optimization_level", "basic_opt"),
                "onnxruntime-cpu@1.29.0", Map.of("intra_op_threads", "2", "graph_optimization_level", "basic_opt"),
                "onnxruntime-cpu", Map.of("intra_op_threads", "2", "graph_optimization_level", "basic_opt")),
                perBackend, "reference-fp64 was given no options");
    }

    @Test
    void dashOWinsOverTheSuitesOptionsForEveryKeyItNamesWhetherByIdOrVersion() {
        Map<String, Map<String, String>> suite = Map.of(
                "onnxruntime-cpu", Map.of("intra_op_threads", "cores-1", "allow_spinning", "false"),
                "onnxruntime-cpu@1.28.0", Map.of("intra_op_threads", "3", "execution_mode", "parallel"),
                "onnxruntime-cpu@1.27.0", Map.of("intra_op_threads", "5"),
                "reference-fp32", Map.of("threads", "cores-1"));
        Map<String, Map<String, String>> given = RunSelection.options(List.of("onnxruntime-cpu.intra_op_threads=2",
                "onnxruntime-cpu@1.29.0.allow_spinning=true"), providers);
        Map<String, Map<String, String>> perBackend = RunSelection.optionsFor(
                List.of("onnxruntime-cpu@1.28.0", "onnxruntime-cpu@1.29.0", "reference-fp64"), suite, given);
        assertEquals(Map.of(
                "onnxruntime-cpu@1.28.0", Map.of("intra_op_threads", "2", "allow_spinning", "false",
                        "execution_mode", "parallel"),
                "onnxruntime-cpu@1.29.0", Map.of("intra_op_threads", "2", "allow_spinning", "true")), perBackend,
                "the suite's 1.27.0 and reference-fp32 are not this run's: unused, no error");
        assertEquals(Map.of("reference-fp32", Map.of("threads", "cores-1")),
                RunSelection.optionsFor(List.of("reference-fp32"), suite, Map.of()));
    }

    @Test
    void aSuitesOptionsAreCheckedByTheBackendsAtTheirLineAndTogetherWithDashO(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("threads.yaml");
        String head = "name: threads\njmh: {warmup_max: 0s, iterations: 2, iteration_time: 100ms, forks: 1}\n"
                + "cell_timeout: 1m\nmatrix:\n  - scenarios: [dense-tiny]\noptions:\n";
        java.nio.file.Files.writeString(file, head + "  onnxruntime-cpu: {intra_op_threads: cores-1}\n");
        Suite suite = RunSelection.suite(file.toString(), catalog, providers);
        assertEquals(Map.of("onnxruntime-cpu", Map.of("intra_op_threads", "cores-1")), suite.options());
        RunSelection.checkTogether(RunSelection.optionsFor(List.of("onnxruntime-cpu"), suite.options(),
                Map.of()), suite, providers);

        java.nio.file.Files.writeString(file, head + "  onnxruntime-cpu:\n    intra_op_threads: most\n");
        UsageException value = assertThrows(UsageException.class,
                () -> RunSelection.suite(file.toString(), catalog, providers));
        assertTrue(value.getMessage().startsWith(file + ":8: options.onnxruntime-cpu.intra_op_threads: option"
                + " onnxruntime-cpu.intra_op_threads = 'most'; expected a positive integer, cores"),
                value.getMessage());
        java.nio.file.Files.writeString(file, head + "  djl-pytorch: {device: gpu, device_id: 1}\n");
        assertEquals(Map.of("djl-pytorch", Map.of("device", "gpu", "device_id", "1")),
                RunSelection.suite(file.toString(), catalog, providers).options(), "a key that holds beside another");
        java.nio.file.Files.writeString(file, head + "  djl-pytorch:\n    intra_op_threads: 1\n    device_id: 1\n");
        UsageException alone = assertThrows(UsageException.class,
                () -> RunSelection.suite(file.toString(), catalog, providers));
        assertEquals(file + ":9: options.djl-pytorch.device_id: option djl-pytorch.device_id = '1' with device=cpu;"
                + " expected it only with device=gpu", alone.getMessage());
        java.nio.file.Files.writeString(file, head + "  reference-fp32: {intra_op_threads: 1}\n");
        UsageException key = assertThrows(UsageException.class,
                () -> RunSelection.suite(file.toString(), catalog, providers));
        assertEquals(file + ":7: options.reference-fp32.intra_op_threads: backend reference-fp32 has no option"
                + " 'intra_op_threads'; it accepts: threads", key.getMessage());

        Suite withOptions = new Suite(smoke.name(), "", smoke.matrix(), List.of(), smoke.jmh(), smoke.cellTimeout(),
                null, null, Map.of("onnxruntime-cpu", Map.of("strict", "true")));
        RunSelection.checkTogether(Map.of("onnxruntime-cpu", Map.of("strict", "true", "intra_op_threads", "2")),
                withOptions, providers);
        UsageException together = assertThrows(UsageException.class, () -> RunSelection.checkTogether(
                Map.of("onnxruntime-cpu", Map.of("strict", "true", "intra_op_threads", "cores-0")), withOptions,
                providers));
        assertTrue(together.getMessage().startsWith("suite smoke's options with -O, for onnxruntime-cpu: option"
                + " onnxruntime-cpu.intra_op_threads = 'cores-0'"), together.getMessage());
    }

    @Test
    void aVersionsOptionsForAVersionTheRunDoesNotRunAreAUsageErrorNamingTheRunsVersions() {
        Map<String, Map<String, String>> grouped = RunSelection.options(List.of(
                "onnxruntime-cpu@1.29.intra_op_threads=4", "onnxruntime-cpu.intra_op_threads=1"), providers);
        UsageException e = assertThrows(UsageException.class, () -> RunSelection.optionsFor(
                List.of("onnxruntime-cpu@1.28.0", "onnxruntime-cpu@1.29.0", "reference-fp64"), grouped));
        assertEquals("-O onnxruntime-cpu@1.29.intra_op_threads=4: onnxruntime-cpu@1.29 is not a backend of this run;"
                + " expected one of its onnxruntime-cpu backends: onnxruntime-cpu@1.28.0, onnxruntime-cpu@1.29.0",
                e.getMessage());
        UsageException none = assertThrows(UsageException.class, () -> RunSelection.optionsFor(
                List.of("reference-fp64"), grouped));
        assertTrue(none.getMessage().endsWith("onnxruntime-cpu backends: none"), none.getMessage());
    }

    /**
     * The GPU backends run ONNX Runtime's GPU jar in place of the CPU jar: by default the version portbench is built
     * against, or the one named by @VERSION; each is looked up like an ID@VERSION jar. Backends of the class path's
     * own runtime have no entry.
     */
    @Test
    void gpuBackendsRunTheGpuJarOfTheirDefaultOrNamedVersionInPlaceOfTheCpuJar(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path runtimes = java.nio.file.Files.createDirectories(dir.resolve("runtimes"));
        String version = System.getProperty("portbench.test.onnxruntime.version");
        java.nio.file.Files.writeString(runtimes.resolve("onnxruntime_gpu-" + version + ".jar"), "stand-in");
        var locator = new dev.portbench.harness.runtimes.RuntimeJarLocator(runtimes, dir.resolve("empty-repo"));
        var jars = RunSelection.runtimeJars(List.of("onnxruntime-cuda", "onnxruntime-tensorrt@1.27.0",
                "onnxruntime-cpu", "reference-fp64"), providers, locator);
        assertEquals(List.of("onnxruntime-cuda", "onnxruntime-tensorrt@1.27.0"), List.copyOf(jars.keySet()));
        var cuda = jars.get("onnxruntime-cuda");
        assertTrue(cuda.isFound(), cuda.toString());
        assertEquals("com.microsoft.onnxruntime:onnxruntime_gpu:" + version, cuda.coordinates());
        assertEquals(runtimes.resolve("onnxruntime_gpu-" + version + ".jar"), cuda.jar());
        assertEquals("com.microsoft.onnxruntime:onnxruntime", cuda.replaces().coordinates(),
                "it takes the CPU jar's place on the class path");
        var trt = jars.get("onnxruntime-tensorrt@1.27.0");
        assertTrue(!trt.isFound() && trt.missing().contains("add it with: mvn dependency:get"
                + " -Dartifact=com.microsoft.onnxruntime:onnxruntime_gpu:1.27.0"), trt.missing());
    }
}
