package dev.portbench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portbench.backend.Backends;
import dev.portbench.harness.worker.ProbeResult;
import dev.portbench.scenarios.ScenarioCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListAndEnvCommandTest {

    /** One {@code list} for the tests that read it: it probes every backend, each in a JVM of its own. */
    private static CliRunner list;

    private static synchronized CliRunner list() {
        if (list == null) {
            // an empty local repository: the GPU jar is then missing wherever this runs, and the reason says so
            String repo = System.getProperty("maven.repo.local");
            try {
                System.setProperty("maven.repo.local", System.getProperty("java.io.tmpdir")
                        + "/portbench-list-test-empty-repository");
                list = CliRunner.run("list");
            } finally {
                if (repo == null) {
                    System.clearProperty("maven.repo.local");
                } else {
                    System.setProperty("maven.repo.local", repo);
                }
            }
        }
        return list;
    }

    /** One plain {@code env} for the tests that read it: it probes every backend too (about 10 s here). */
    private static CliRunner env;

    private static synchronized CliRunner env() {
        if (env == null) {
            env = CliRunner.run("env");
        }
        return env;
    }

    @Test
    void listShowsParametersAndWhyABackendIsUnavailable() {
        CliRunner r = list();
        assertEquals(0, r.exitCode(), r.err());
        long moeTotal = ScenarioCatalog.builtIn().find("moe-small").orElseThrow().model().totalParameters();
        assertTrue(r.out().contains(ListCommand.human(moeTotal)), r.out());
        assertTrue(r.out().matches("(?s).*test-unavailable\\s+unavailable\\s+no test device on this machine.*"),
                r.out());
        assertTrue(r.out().matches("(?s).*onnxruntime-cpu\\s+available.*"), r.out());
        // the accelerator backends, in their runtimes' own words: this machine has no GPU jar and a CPU build of CANN
        assertTrue(r.out().matches("(?s).*onnxruntime-cann\\s+unavailable\\s+ONNX Runtime 1\\.22\\.0 [^\\n]*CANN"
                + " execution provider is not enabled in this build\\..*"), r.out());
        assertTrue(r.out().matches("(?s).*onnxruntime-cuda\\s+unavailable\\s+onnxruntime-cuda: no onnxruntime_gpu-"
                + "[^\\n]*mvn dependency:get -Dartifact=com\\.microsoft\\.onnxruntime:onnxruntime_gpu:.*"), r.out());
    }

    @Test
    void humanCountsRoundAsWritten() {
        assertEquals("999", ListCommand.human(999));
        assertEquals("1.5K", ListCommand.human(1_500));
        assertEquals("11.15M", ListCommand.human(11_149_824));
        assertEquals("2.00B", ListCommand.human(2_000_000_000L));
    }

    @Test
    void envPrintsTheFingerprintAsJson() throws Exception {
        CliRunner r = env();
        assertEquals(0, r.exitCode(), r.err());
        JsonNode env = new ObjectMapper().readTree(r.out());
        assertEquals(System.getProperty("os.arch"), env.get("os").get("arch").asText());
        boolean ortListed = false;
        for (JsonNode b : env.get("backends")) {
            if (b.get("id").asText().equals("onnxruntime-cpu")) {
                ortListed = true;
                assertEquals("onnxruntime " + ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion(),
                        b.get("runtime_version").asText());
            }
        }
        assertTrue(ortListed, r.out());
    }

    @Test
    void listShowsTheRuntimeVersionsAvailableForIdAtVersion() {
        CliRunner r = list();
        String versions = System.getProperty("portbench.test.onnxruntime.ab.version") + ", "
                + System.getProperty("portbench.test.onnxruntime.version");
        assertTrue(r.out().matches("(?s).*Runtime versions for ID@VERSION.*\\n  onnxruntime-cpu\\s+"
                + "com\\.microsoft\\.onnxruntime:onnxruntime\\s+[^\\n]*" + java.util.regex.Pattern.quote(versions)
                + ".*"), r.out());
        assertTrue(r.out().contains("looked up in the runtimes directory " + System.getProperty("portbench.runtimes.dir")
                + ", then the local Maven repository"), r.out());
    }

    @Test
    void envRecordsTheRuntimeJarOfEachVersionedBackendAskedFor() throws Exception {
        String version = System.getProperty("portbench.test.onnxruntime.ab.version");
        CliRunner r = CliRunner.run("env", "--backends", "onnxruntime-cpu@" + version);
        assertEquals(0, r.exitCode(), r.err());
        JsonNode jars = new ObjectMapper().readTree(r.out()).get("runtime_jars");
        assertEquals(1, jars.size());
        assertEquals("onnxruntime-cpu@" + version, jars.get(0).get("backend").asText());
        assertTrue(jars.get(0).get("jar").asText().endsWith("/onnxruntime-" + version + ".jar"), jars.toString());
        assertEquals(0, new ObjectMapper().readTree(env().out()).get("runtime_jars").size());
    }

    /**
     * test-flaky's probe throws (it has no {@code ok_file}): a FAILED answer in the backend's own words, which points
     * at no log, so the survey's temporary folder goes when {@code list} or {@code env} ends. A crash or a hang would
     * keep it (RunProbeTest: the reason then names the log).
     */
    @Test
    void aProbeThatAnswersFailedInItsOwnWordsLeavesNoTemporaryFolder() throws Exception {
        Set<String> before = probeFolders();
        ProbeResult flaky;
        try (BackendSurvey survey = BackendSurvey.of(List.of(Backends.find("test-flaky").orElseThrow()))) {
            flaky = survey.probe(Backends.find("test-flaky").orElseThrow());
            assertEquals(before.size() + 1, probeFolders().size(), "the survey's folder while it runs");
        }
        assertEquals("FAILED", flaky.status(), flaky.toString());
        assertTrue(flaky.reason().contains("test-flaky: failing on purpose"), flaky.reason());
        assertEquals(before, probeFolders(), "no portbench-probes-* folder left in java.io.tmpdir");
    }

    private static Set<String> probeFolders() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("portbench-probes-"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void envRefusesAStabilityMeasurementTooShortToMeanAnything() {
        CliRunner r = CliRunner.run("env", "--stability", "500ms");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("--stability 500ms is too short; expected at least 1s"), r.err());
        CliRunner threads = CliRunner.run("env", "--stability", "2s", "--stability-threads", "0");
        assertEquals(ExitCode.USAGE, threads.exitCode());
        assertTrue(threads.err().contains("--stability-threads 0: expected a positive integer, cores (the "
                + Runtime.getRuntime().availableProcessors() + " processors this JVM may use) or cores-N"),
                threads.err());
        CliRunner alone = CliRunner.run("env", "--stability-threads", "cores-1");
        assertEquals(ExitCode.USAGE, alone.exitCode());
        assertTrue(alone.err().contains("--stability-threads cores-1 without --stability; expected --stability"
                + " DURATION as well"), alone.err());
    }

    @Test
    void envRejectsAVersionedBackendWithoutASwappableRuntime() {
        CliRunner r = CliRunner.run("env", "--backends", "reference-fp64@1.0");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("reference-fp64 has no swappable runtime"), r.err());
    }
}
