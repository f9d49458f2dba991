package dev.portbench.harness.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input is exit code 2 with a message naming what was wrong and what is valid, before any work. */
class RunCommandBadInputTest {
    @TempDir
    Path tmp;

    private CliRunner runWith(String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "run";
        args[1] = "--out";
        args[2] = tmp.resolve("run").toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return CliRunner.run(args);
    }

    private static void assertUsageError(CliRunner r, String... fragments) {
        assertEquals(ExitCode.USAGE, r.exitCode(), r.out() + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
    }

    @Test
    void unknownScenarioListsTheValidOnes() {
        CliRunner r = runWith("--scenarios", "dense-tiny,llama-9000");
        assertUsageError(r, "unknown scenario 'llama-9000'", "dense-tiny, moe-tiny, mla-tiny, dense-small, moe-small, moe-small-fused, mla-small");
        assertFalse(Files.exists(tmp.resolve("run")), "nothing is created for a rejected run");
    }

    @Test
    void unknownBackendListsTheValidOnes() {
        assertUsageError(runWith("--backends", "cuda-9"), "unknown backend 'cuda-9'", "onnxruntime-cpu",
                "reference-fp64");
    }

    @Test
    void unknownSuiteListsTheValidOnes() {
        assertUsageError(runWith("--suite", "weekly"), "unknown suite 'weekly'", "smoke, nightly");
    }

    @Test
    void unknownOptionKeyListsTheBackendsKeys() {
        assertUsageError(runWith("-O", "onnxruntime-cpu.threads=2"), "has no option 'threads'",
                "intra_op_threads");
    }

    @Test
    void badOptionValueNamesTheOptionAndTheExpectedForm() {
        assertUsageError(runWith("-O", "onnxruntime-cpu.intra_op_threads=lots"),
                "onnxruntime-cpu.intra_op_threads = 'lots'", "positive integer");
    }

    @Test
    void optionForAVersionTheRunDoesNotRunIsRejectedBeforeAnyCell() {
        CliRunner r = runWith("--scenarios", "dense-tiny", "--backends",
                "onnxruntime-cpu@1.28.0,onnxruntime-cpu@1.29.0",
                "-O", "onnxruntime-cpu@1.29.intra_op_threads=4", "-O", "onnxruntime-cpu.intra_op_threads=1");
        assertUsageError(r, "-O onnxruntime-cpu@1.29.intra_op_threads=4: onnxruntime-cpu@1.29 is not a backend of this"
                + " run", "onnxruntime-cpu backends: onnxruntime-cpu@1.28.0, onnxruntime-cpu@1.29.0");
        assertFalse(Files.exists(tmp.resolve("run")), "nothing is created for a rejected run");
    }

    @Test
    void optionWithoutBackendPrefixIsRejected() {
        assertUsageError(runWith("-O", "intra_op_threads=2"), "expected BACKEND.KEY=VALUE");
    }

    @Test
    void impossibleJmhSettingsAreRejected() {
        assertUsageError(runWith("--iterations", "0"), "measurement iterations = 0");
        assertUsageError(runWith("--forks", "0"), "forks = 0");
        assertUsageError(runWith("--time", "fast"), "'fast' is not a duration");
        // smoke's one fork: a cap below it, or further forks without two planned forks to measure the spread by
        assertUsageError(runWith("--forks", "3", "--max-forks", "2"), "--max-forks 2 is below the 3 forks every cell"
                + " gets; expected at least 3");
        assertUsageError(runWith("--max-forks", "5"), "further forks need at least 2 planned forks");
        // the nightly suite allows 60 forks: one planned fork cannot say how many more a cell needs
        assertUsageError(runWith("--suite", "nightly", "--forks", "1"), "--forks 1 with the suite's max_forks 60",
                "further forks need at least 2 planned forks", "--max-forks 0 for none");
        assertFalse(Files.exists(tmp.resolve("run")), "nothing is created for a rejected run");
    }

    @Test
    void existingResultsAreNeverOverwritten() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path results = run.resolve("results.csv");
        Files.writeString(results, "precious\n");
        assertUsageError(runWith("--scenarios", "dense-tiny"), "already holds results.csv", "never overwrites");
        assertEquals("precious\n", Files.readString(results));
    }

    @Test
    void nonEmptyOutputDirectoryIsRejected() throws IOException {
        Files.createDirectories(tmp.resolve("run"));
        Files.writeString(tmp.resolve("run").resolve("notes.txt"), "mine");
        assertUsageError(runWith("--scenarios", "dense-tiny"), "is not empty");
        assertEquals("mine", Files.readString(tmp.resolve("run").resolve("notes.txt")));
    }

    @Test
    void unwritableOutputDirectoryIsRejectedBeforeAnyWork() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRunner r = CliRunner.run("run", "--scenarios", "dense-tiny", "--out", file.resolve("sub").toString());
        assertUsageError(r, "cannot be written", file.resolve("sub").toString());
        assertFalse(r.out().contains("[prepare]"), "no work starts");
    }

    @Test
    void missingCommandIsAUsageError() {
        CliRunner r = CliRunner.run();
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("a command is required"), r.err());
    }

    @Test
    void malformedOrUnswappableVersionedBackendsAreUsageErrors() {
        assertUsageError(runWith("--backends", "onnxruntime-cpu@"),
                "backend 'onnxruntime-cpu@' has no version after '@'", "expected ID or ID@VERSION");
        assertUsageError(runWith("--backends", "onnxruntime-cpu@1.28.0@1.29.0"), "has more than one '@'");
        assertUsageError(runWith("--backends", "cuda-9@12.4"), "unknown backend 'cuda-9' in 'cuda-9@12.4'",
                "onnxruntime-cpu");
        assertUsageError(runWith("--backends", "reference-fp64@1.0"),
                "backend 'reference-fp64@1.0': reference-fp64 has no swappable runtime", "with ID one of: onnxruntime-cpu");
        assertFalse(Files.exists(tmp.resolve("run")), "nothing is created for a rejected run");
    }

    @Test
    void optionsForAVersionAreCheckedLikeTheIdsOptions() {
        assertUsageError(runWith("-O", "onnxruntime-cpu@1.28.0.threads=2"),
                "backend onnxruntime-cpu@1.28.0 has no option 'threads'", "intra_op_threads");
        assertUsageError(runWith("-O", "onnxruntime-cpu@1.28.0.intra_op_threads=lots"),
                "onnxruntime-cpu@1.28.0.intra_op_threads = 'lots'", "positive integer");
        assertUsageError(runWith("-O", "reference-fp64@1.0.precision=fp32"), "reference-fp64 has no swappable runtime");
    }

    @Test
    void aSuiteFileNamingAMalformedVersionedBackendNamesFileAndLine() throws IOException {
        Path suite = Files.writeString(tmp.resolve("ab.yaml"), String.join("\n",
                "name: ab",
                "backends: [onnxruntime-cpu@1.28.0, onnxruntime-cpu@]",
                "jmh: {warmup_max: 0s, iterations: 1, iteration_time: 1s, forks: 1}",
                "cell_timeout: 1m",
                "matrix:",
                "  - scenarios: [dense-tiny]",
                ""));
        assertUsageError(runWith("--suite", suite.toString()), "ab.yaml:2", "has no version after '@'");
    }
}
