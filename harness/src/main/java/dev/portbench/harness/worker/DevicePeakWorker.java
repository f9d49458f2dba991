package dev.portbench.harness.worker;

import dev.portbench.backend.Availability;
import dev.portbench.backend.Backend;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.BackendProvider;
import dev.portbench.harness.env.DevicePeak;
import dev.portbench.harness.plan.BackendRef;
import dev.portbench.results.OptionsCodec;
import dev.portbench.scenarios.Dtype;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The main class of a device-peak JVM: measures one accelerator backend's GEMM rate on its device
 * ({@link DeviceGemmPeak}), for each arithmetic the run's cells of that backend compute in, with the run's options
 * for it. A JVM of its own, with the backend's runtime, because it loads the device's native code.
 */
@Command(name = "portbench-device-peak", description = "Measures one backend's device GEMM peak (internal).")
public final class DevicePeakWorker implements Callable<Integer> {
    /** The matrices' side by default: 4096² fp32 is 64 MiB a matrix and 137 GFLOP a MatMul. */
    public static final int DEFAULT_SIZE = 4096;
    /** MatMuls per run to start with (550 GFLOP at 4096²); lengthened where a run still takes under 10 ms. */
    static final int CHAIN = 4;
    static final long BUDGET_NANOS = 1_000_000_000L;

    @Option(names = "--backend", required = true)
    String backend;

    @Option(names = "--options", defaultValue = "", description = "backend options, key=value joined by ';'")
    String options;

    @Option(names = "--dtypes", required = true, split = ",", description = "the dtypes of the run's cells")
    List<String> dtypes;

    @Option(names = "--size", defaultValue = "" + DEFAULT_SIZE, description = "the matrices' side")
    int size;

    @Option(names = "--out", required = true, description = "where the result goes (JSON)")
    Path out;

    public static void main(String[] args) {
        ParentWatchdog.start();
        System.exit(new CommandLine(new DevicePeakWorker()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DevicePeak result;
        try {
            result = measure();
        } catch (Throwable t) {
            t.printStackTrace();
            result = DevicePeak.failed(backend, "the device peak of " + backend + " threw " + CellWorker.describe(t));
        }
        CellWorker.writeJson(out, result);
        return 0;
    }

    private DevicePeak measure() throws Exception {
        BackendProvider provider = CellContext.provider(backend);
        BackendOptions opts = new BackendOptions(BackendRef.parse(backend).id(), OptionsCodec.decode(options));
        Availability a = provider.probe(opts);
        if (!a.available()) {
            return DevicePeak.failed(backend, a.reason());
        }
        String target = TelemetryProfiler.encode(provider.telemetryTarget(opts));
        Path dir = Files.createTempDirectory("portbench-device-peak");
        try (Backend b = provider.create(opts)) {
            Map<String, Double> gflops = new LinkedHashMap<>();
            Map<String, Integer> chains = new LinkedHashMap<>();
            Map<String, String> unmeasured = new LinkedHashMap<>();
            if (!DeviceGemmPeak.loadsOnnx(b, dir)) {
                return DevicePeak.failed(backend, backend + " loads no ONNX graph, and its device peak is measured"
                        + " through one; its rows have no peak_fraction");
            }
            for (String arithmetic : arithmetics(b, dtypes)) {
                if (arithmetic.equals("fp64")) {
                    unmeasured.put(arithmetic, "no fp64 GEMM graph: accelerators' runtimes are measured in fp32,"
                            + " fp16 and bf16");
                    continue;
                }
                DeviceGemmPeak.Rate r = DeviceGemmPeak.measure(b, arithmetic, size, CHAIN, dir, BUDGET_NANOS);
                if (r.gflops() != null) {
                    gflops.put(arithmetic, r.gflops());
                    chains.put(arithmetic, r.chain());
                } else {
                    unmeasured.put(arithmetic, r.reason());
                }
            }
            return new DevicePeak(backend, target, b.device(), b.runtimeVersion(), size, chains, gflops,
                    unmeasured, null);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Best effort: a runtime may leave files in the folder; the peak it measured stands either way. */
    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException | RuntimeException ignored) {
            // a temporary folder left behind costs nothing but disk
        }
    }

    public static DevicePeak read(Path file) throws java.io.IOException {
        return CellWorker.JSON.readValue(file.toFile(), DevicePeak.class);
    }

    /** The distinct arithmetics the backend computes {@code dtypes} in ({@link Backend#arithmetic}), in order. */
    static Set<String> arithmetics(Backend backend, List<String> dtypes) {
        Set<String> out = new LinkedHashSet<>();
        for (String d : dtypes) {
            out.add(backend.arithmetic(Dtype.fromId(d)));
        }
        return out;
    }
}
