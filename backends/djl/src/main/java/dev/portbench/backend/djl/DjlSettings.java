package dev.portbench.backend.djl;

import dev.portbench.backend.BackendException;
import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.CellEnvironment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a user can set on {@code djl-pytorch}, parsed and checked without loading DJL or libtorch. PyTorch reads its
 * thread counts and cuDNN's benchmark switch once, as the engine loads, and DJL finds libtorch through
 * {@code PYTORCH_LIBRARY_PATH}/{@code PYTORCH_FLAVOR}: so these travel as the cell JVM's environment
 * ({@link #cellEnvironment}), and only that cell's JVM sees them.
 */
record DjlSettings(String device, int deviceId, int intraOpThreads, int interOpThreads, String libtorchPath,
                   String flavor, boolean cudnnBenchmark, String visibleDevices) {

    static final String DEVICE = "device";
    static final String DEVICE_ID = "device_id";
    static final String INTRA_OP_THREADS = "intra_op_threads";
    static final String INTER_OP_THREADS = "inter_op_threads";
    static final String LIBTORCH_PATH = "libtorch_path";
    static final String FLAVOR = "flavor";
    static final String CUDNN_BENCHMARK = "cudnn_benchmark";
    static final String VISIBLE_DEVICES = "visible_devices";

    static final Map<String, String> DOCUMENTATION = documentation();

    private static Map<String, String> documentation() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DEVICE, "cpu (default) or gpu: PyTorch's CUDA device, which needs a CUDA libtorch (libtorch_path)");
        m.put(DEVICE_ID, "the CUDA device's index among the visible ones (default 0)");
        m.put(INTRA_OP_THREADS, "PyTorch's threads inside one operator (a count, cores, or cores-N: N fewer than the"
                + " cores the JVM sees; default: cores)");
        m.put(INTER_OP_THREADS, "PyTorch's threads across operators (default 1)");
        m.put(LIBTORCH_PATH, "folder of an installed libtorch " + "2.7.1 (libtorch.so) to load instead of the CPU"
                + " one portbench bundles: PYTORCH_LIBRARY_PATH for the cell's JVM, and first on its library path;"
                + " needs flavor");
        m.put(FLAVOR, "the build of the libtorch at libtorch_path, which DJL's JNI must match, e.g. cu128 or cpu"
                + " (PYTORCH_FLAVOR; given with libtorch_path, and only with it)");
        m.put(CUDNN_BENCHMARK, "true or false (default): cudnn.benchmark (ai.djl.pytorch.cudnn_benchmark)");
        m.put(VISIBLE_DEVICES, "CUDA_VISIBLE_DEVICES for the cell's JVM (default: inherited)");
        return java.util.Collections.unmodifiableMap(m);
    }

    static DjlSettings from(BackendOptions o) {
        String device = o.text(DEVICE, "cpu").trim().toLowerCase(Locale.ROOT);
        if (!List.of("cpu", "gpu").contains(device)) {
            throw new BackendException("option " + o.backendId() + "." + DEVICE + " = '" + o.text(DEVICE, "")
                    + "'; expected cpu or gpu");
        }
        String libtorch = o.text(LIBTORCH_PATH, null);
        if (libtorch != null && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(libtorch, "libtorch.so"))
                && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(libtorch, "lib", "libtorch.so"))) {
            throw new BackendException("option " + o.backendId() + "." + LIBTORCH_PATH + " = '" + libtorch
                    + "': no libtorch.so in that folder nor in its lib/; expected the folder of an installed libtorch");
        }
        String flavor = o.text(FLAVOR, null);
        if (flavor != null && !flavor.matches("cpu|cu[0-9]{3}")) {
            throw new BackendException("option " + o.backendId() + "." + FLAVOR + " = '" + flavor
                    + "'; expected cpu or cuNNN (e.g. cu128)");
        }
        if ((libtorch == null) != (flavor == null)) {
            // DJL picks the JNI by PYTORCH_FLAVOR: unset, it takes cpu-precxx11 (which its jar does not hold) for a
            // given libtorch; set alone, it is ignored and the bundled CPU libtorch loads
            throw new BackendException("option " + o.backendId() + "." + (libtorch == null ? FLAVOR + " = '" + flavor
                    + "' without " + LIBTORCH_PATH : LIBTORCH_PATH + " = '" + libtorch + "' without " + FLAVOR)
                    + "; expected both (the installed libtorch's folder and its build, e.g. cu128) or neither (the"
                    + " bundled CPU libtorch)");
        }
        if (!"gpu".equals(device)) { // accepted and dropped, they would read as settings the row ran with
            for (String gpuOnly : List.of(DEVICE_ID, CUDNN_BENCHMARK, VISIBLE_DEVICES)) {
                if (o.asMap().containsKey(gpuOnly)) {
                    throw new BackendException("option " + o.backendId() + "." + gpuOnly + " = '" + o.asMap()
                            .get(gpuOnly) + "' with device=" + device + "; expected it only with device=gpu");
                }
            }
        }
        String visible = o.text(VISIBLE_DEVICES, null);
        if (visible != null && !visible.trim().matches("[0-9]+(,[0-9]+)*")) {
            throw new BackendException("option " + o.backendId() + "." + VISIBLE_DEVICES + " = '" + visible
                    + "'; expected device indices joined by commas, e.g. 0 or 2,3");
        }
        return new DjlSettings(device, o.nonNegativeInt(DEVICE_ID, 0),
                o.threads(INTRA_OP_THREADS),
                o.positiveInt(INTER_OP_THREADS, 1), libtorch == null ? null : libtorchDir(libtorch), flavor,
                o.bool(CUDNN_BENCHMARK, false), visible == null ? null : visible.trim());
    }

    /** The folder holding libtorch.so: the one given, or its lib/ (an unpacked libtorch zip). */
    private static String libtorchDir(String given) {
        java.nio.file.Path p = java.nio.file.Path.of(given);
        return (java.nio.file.Files.isRegularFile(p.resolve("libtorch.so")) ? p : p.resolve("lib")).toAbsolutePath()
                .toString();
    }

    boolean onGpu() {
        return device.equals("gpu");
    }

    /** The cell JVM's environment: PyTorch's settings as DJL's system properties, libtorch's location as variables. */
    CellEnvironment cellEnvironment() {
        Map<String, String> variables = new LinkedHashMap<>();
        List<String> libraryDirs = List.of();
        if (libtorchPath != null) {
            variables.put("PYTORCH_LIBRARY_PATH", libtorchPath);
            libraryDirs = List.of(libtorchPath);
        }
        if (flavor != null) {
            variables.put("PYTORCH_FLAVOR", flavor);
        }
        if (onGpu()) {
            variables.putAll(dev.portbench.backend.CudaDeviceOrder.variables(
                    System.getenv(dev.portbench.backend.CudaDeviceOrder.VARIABLE)));
        }
        if (visibleDevices != null) {
            variables.put("CUDA_VISIBLE_DEVICES", visibleDevices);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ai.djl.pytorch.num_threads", Integer.toString(intraOpThreads));
        properties.put("ai.djl.pytorch.num_interop_threads", Integer.toString(interOpThreads));
        properties.put("ai.djl.pytorch.cudnn_benchmark", Boolean.toString(cudnnBenchmark));
        properties.put("ai.djl.offline", "true");
        variables.put("DJL_OFFLINE", "true"); // DJL reads the variable before the property: an inherited false wins
        return new CellEnvironment(variables, libraryDirs, properties);
    }
}
