package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.BackendOptions;
import dev.portbench.backend.CellEnvironment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cell JVMs of {@code onnxruntime-cann} need from their environment: which NPUs they see
 * ({@code ASCEND_RT_VISIBLE_DEVICES}) and where the {@code --use_cann} build of {@code libonnxruntime} is, searched
 * before the preset's bundled CPU build (JavaCPP's {@code pathsFirst}, with the folders in front of
 * {@code LD_LIBRARY_PATH}, from which the JVM makes {@code java.library.path}).
 *
 * @param visibleDevices null keeps the launcher's
 */
record CannEnvironment(String visibleDevices, List<String> libraryPath) {
    static final String VISIBLE_DEVICES = "visible_devices";
    static final String LIBRARY_PATH = "library_path";
    static final String PATHS_FIRST = "org.bytedeco.javacpp.pathsFirst";

    static final Map<String, String> DOCUMENTATION = Map.of(
            VISIBLE_DEVICES, "ASCEND_RT_VISIBLE_DEVICES for the cell's JVMs, e.g. 0 or 0,1 (default: as portbench was"
                    + " started)",
            LIBRARY_PATH, "folders holding the --use_cann libonnxruntime build (and CANN's libraries), ':'-separated;"
                    + " searched before the bundled CPU build");

    static CannEnvironment from(BackendOptions options) {
        return new CannEnvironment(options.deviceList(VISIBLE_DEVICES), options.folders(LIBRARY_PATH));
    }

    CellEnvironment cellEnvironment() {
        return new CellEnvironment(visibleDevices == null ? Map.of() : Map.of("ASCEND_RT_VISIBLE_DEVICES",
                visibleDevices), libraryPath, libraryPath.isEmpty() ? Map.of() : Map.of(PATHS_FIRST, "true"));
    }

    /** What this JVM was started with: the row says what ran. */
    static Map<String, String> applied() {
        Map<String, String> m = new LinkedHashMap<>();
        String seen = System.getenv("ASCEND_RT_VISIBLE_DEVICES");
        m.put(VISIBLE_DEVICES, seen == null ? "all (ASCEND_RT_VISIBLE_DEVICES unset)" : seen);
        return m;
    }
}
