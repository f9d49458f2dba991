package dev.portbench.harness.worker;

import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.harness.plan.BackendRef;
import dev.portbench.results.OptionsCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The main class of a probe's JVM: asks one backend, with its options, whether it can run here, and if so reads its
 * runtime version and device. It runs in a JVM of its own because probing loads the runtime's native code (a GPU
 * driver, a CANN toolkit), which may crash or hang: the launcher never loads it, and reports a dead probe as a row.
 */
@Command(name = "portbench-probe", description = "Probes one backend (internal; started by portbench).")
public final class ProbeWorker implements Callable<Integer> {

    @Option(names = "--backend", required = true)
    String backend;

    @Option(names = "--options", defaultValue = "", description = "backend options, key=value joined by ';'")
    String options;

    @Option(names = "--out", required = true, description = "where the result goes (JSON)")
    Path out;

    public static void main(String[] args) {
        ParentWatchdog.start();
        System.exit(new CommandLine(new ProbeWorker()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ProbeResult result;
        try {
            result = probe();
        } catch (Throwable t) { // the backend's probe must not throw; if it does, that is its result
            t.printStackTrace();
            result = ProbeResult.failed("the probe of " + backend + " threw " + CellWorker.describe(t));
        }
        CellWorker.writeJson(out, result);
        return 0;
    }

    private ProbeResult probe() {
        BackendProvider provider = CellContext.provider(backend);
        BackendOptions opts = new BackendOptions(BackendRef.parse(backend).id(), OptionsCodec.decode(options));
        Availability a = provider.probe(opts);
        if (!a.available()) {
            return ProbeResult.unavailable(a.reason());
        }
        try (Backend b = provider.create(opts)) {
            return ProbeResult.available(b.runtimeVersion(), b.device(), b.threads(),
                    TelemetryProfiler.encode(provider.telemetryTarget(opts)));
        }
    }

    public static ProbeResult read(Path file) throws java.io.IOException {
        return CellWorker.JSON.readValue(file.toFile(), ProbeResult.class);
    }
}
