package dev.portbench.harness.run;

import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.Backends;
import dev.portbench.backend.CellEnvironment;
import dev.portbench.harness.plan.BackendRef;
import dev.portbench.harness.runtimes.OrtNativeLibraries;
import dev.portbench.harness.runtimes.RuntimeJar;
import dev.portbench.results.CellStatus;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * The JVM launcher of each backend's cells and probes: portbench's class path with the backend's runtime jar in place
 * (an {@code ID@VERSION} jar, or ONNX Runtime's GPU jar), and the environment its options ask for. A backend whose jar
 * is on this machine nowhere gets no launcher but the reason, naming the command that fetches it. JVMs whose class path
 * holds an ONNX Runtime jar load its native libraries from {@link OrtNativeLibraries}' cache, extracted once.
 */
public final class CellLaunchers {
    private final WorkerLauncher base;
    private final Map<String, RuntimeJar> runtimeJars;
    private final OrtNativeLibraries ortNatives;
    private final PrintStream warnings;
    private boolean warned;

    /** @param runtimeJars for each backend whose runtime is not the class path's own: where its jar is, or why none */
    public CellLaunchers(WorkerLauncher base, Map<String, RuntimeJar> runtimeJars) {
        this(base, runtimeJars, OrtNativeLibraries.fromSystemProperties());
    }

    CellLaunchers(WorkerLauncher base, Map<String, RuntimeJar> runtimeJars, OrtNativeLibraries ortNatives) {
        this(base, runtimeJars, ortNatives, System.err);
    }

    CellLaunchers(WorkerLauncher base, Map<String, RuntimeJar> runtimeJars, OrtNativeLibraries ortNatives,
                  PrintStream warnings) {
        this.base = base;
        this.runtimeJars = Map.copyOf(runtimeJars);
        this.ortNatives = ortNatives;
        this.warnings = warnings;
    }

    private synchronized void warnOnce(String message) {
        if (!warned) {
            warned = true;
            warnings.println(message);
        }
    }

    /** A launcher, or the status and reason of the backend's cells without one. */
    public record Launch(WorkerLauncher launcher, CellStatus status, String reason) {
        boolean ready() {
            return launcher != null;
        }
    }

    public Launch forBackend(String backend, Map<String, String> options) {
        WorkerLauncher launcher = base;
        RuntimeJar runtime = runtimeJars.get(backend);
        if (runtime != null) {
            if (!runtime.isFound()) {
                return new Launch(null, CellStatus.SKIPPED, runtime.missing());
            }
            try {
                launcher = launcher.withRuntimeJar(runtime.replaces(), runtime.jar());
            } catch (IllegalStateException e) {
                return new Launch(null, CellStatus.FAILED, e.getMessage());
            }
        }
        try {
            launcher = launcher.withOrtNatives(ortNatives);
        } catch (IOException e) { // the JVMs extract the libraries themselves, as ORT does by default: same timings
            warnOnce("portbench: warning: could not take ONNX Runtime's native libraries out of the cell class path's"
                    + " jar into " + ortNatives.cacheDir() + " (" + e + "); every JVM copies them into a temporary"
                    + " folder instead, which ONNX Runtime leaves behind. Name a writable folder with -D"
                    + OrtNativeLibraries.CACHE_DIR_PROPERTY + " in PORTBENCH_JAVA_OPTS");
        }
        String id = BackendRef.parse(backend).id();
        CellEnvironment env = Backends.find(id).map(p -> p.cellEnvironment(new BackendOptions(id, options)))
                .orElse(CellEnvironment.NONE);
        return new Launch(env.isEmpty() ? launcher : launcher.withEnvironment(env), CellStatus.OK, "");
    }
}
