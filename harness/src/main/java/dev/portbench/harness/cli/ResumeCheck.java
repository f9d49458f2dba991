package dev.portbench.harness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Refuses to resume a run whose plan would differ from the one it started with: an option given with
 * {@code --resume} must equal what run.json recorded (an option left out takes the recorded value), and the suite
 * and scenario files must hold what they held when the run started. Every refusal names the option or file, the
 * recorded value and the given one, and happens before anything in the run directory is touched.
 */
final class ResumeCheck {
    private ResumeCheck() {
    }

    static void requireSamePlan(Path manifestFile, RunManifest recorded, PlanOptions given, Long givenOrderSeed) {
        if (given.suite() != null) {
            Object now = recorded.suiteIsFile() ? RunManifest.absolute(Path.of(given.suite())).toString()
                    : given.suite();
            same(manifestFile, "--suite", recorded.suite(), now);
        }
        if (!given.scenarioFiles().isEmpty()) {
            same(manifestFile, "--scenario-file", recorded.scenarioFiles().stream().map(RunManifest.FileHash::path)
                    .toList(), given.scenarioFiles().stream().map(p -> RunManifest.absolute(p).toString()).toList());
        }
        if (given.checkpoint() != null) {
            same(manifestFile, "--checkpoint", recorded.checkpoint(),
                    RunManifest.absolute(given.checkpoint()).toString());
        }
        if (given.layers() != null) {
            same(manifestFile, "--layers", recorded.layers(), given.layers());
        }
        if (given.shard() != null) {
            same(manifestFile, "--shard", recorded.shard(), given.shard());
        }
        if (given.scenarios() != null) {
            same(manifestFile, "--scenarios", distinct(recorded.scenarios()), distinct(given.scenarios()));
        }
        if (given.workloads() != null) {
            same(manifestFile, "--workloads", distinct(recorded.workloads()), distinct(given.workloads()));
        }
        if (given.dtypes() != null) {
            same(manifestFile, "--dtypes", distinct(recorded.dtypes()), distinct(given.dtypes()));
        }
        if (given.backends() != null) {
            same(manifestFile, "--backends", distinct(recorded.backends()), distinct(given.backends()));
        }
        if (!given.options().isEmpty()) {
            same(manifestFile, "-O", sorted(recorded.options()), sorted(given.options()));
        }
        if (given.warmupMax() != null) {
            same(manifestFile, "--warmup-max", millis(recorded.warmupMaxMs()), millis(given.warmupMax().toMillis()));
        }
        if (given.iterations() != null) {
            same(manifestFile, "--iterations", recorded.iterations(), given.iterations());
        }
        if (given.time() != null) {
            same(manifestFile, "--time", millis(recorded.timeMs()), millis(given.time().toMillis()));
        }
        if (given.forks() != null) {
            same(manifestFile, "--forks", recorded.forks(), given.forks());
        }
        if (given.maxForks() != null) {
            same(manifestFile, "--max-forks", recorded.planOptions().maxForks(), given.maxForks());
        }
        if (given.cellTimeout() != null) {
            same(manifestFile, "--cell-timeout", millis(recorded.cellTimeoutMs()),
                    millis(given.cellTimeout().toMillis()));
        }
        if (givenOrderSeed != null) {
            same(manifestFile, "--order-seed", recorded.orderSeed(), givenOrderSeed);
        }
    }

    /** The suite file and scenario files must be byte for byte what they were when the run started. */
    static void requireUnchangedFiles(RunManifest recorded) throws IOException {
        if (recorded.suiteIsFile()) {
            unchanged("suite file", Path.of(recorded.suite()), recorded.suiteSha256());
        }
        for (RunManifest.FileHash f : recorded.scenarioFiles()) {
            unchanged("scenario file", Path.of(f.path()), f.sha256());
        }
    }

    private static void unchanged(String what, Path file, String sha256) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(what + " " + file + " recorded in run.json is missing; expected it unchanged"
                    + " since the run started (a resumed run measures the same plan)");
        }
        String now = RunManifest.sha256(file);
        if (!now.equals(sha256)) {
            throw new UsageException(what + " " + file + " changed since the run started (sha256 recorded "
                    + sha256 + ", now " + now + "); expected it unchanged: restore it, or start a new run");
        }
    }

    private static void same(Path manifestFile, String option, Object recorded, Object given) {
        if (!Objects.equals(recorded, given)) {
            throw new UsageException(option + " " + show(given) + " differs from the run being resumed: "
                    + manifestFile + " records " + (recorded == null ? "none (not given)" : show(recorded))
                    + "; expected the recorded value or no " + option + " (--resume rebuilds the plan from run.json)");
        }
    }

    private static String show(Object value) {
        return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
    }

    private static List<String> distinct(List<String> names) {
        return names == null ? null : new ArrayList<>(new LinkedHashSet<>(names));
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().distinct().sorted().toList();
    }

    private static String millis(Long ms) {
        return ms == null ? null : Duration.ofMillis(ms).toMillis() + "ms";
    }
}
