package dev.portbench.backend.onnxruntime.cann;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.onnxruntime.OrtAllocator;
import org.bytedeco.onnxruntime.OrtApi;
import org.bytedeco.onnxruntime.OrtEnv;
import org.bytedeco.onnxruntime.OrtStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_API_VERSION;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_LOGGING_LEVEL_WARNING;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtGetApiBase;

/**
 * ONNX Runtime as JavaCPP's preset loads it, once per process: its C API, the version the loaded library reports, the
 * library file actually mapped, and the process-wide environment. The one place that loads the preset's natives.
 *
 * <p>JavaCPP looks for {@code libonnxruntime.so.1} in the preset's bundled natives (a CPU build), or first in
 * {@code java.library.path} with {@code -Dorg.bytedeco.javacpp.pathsFirst=true}: that is how a {@code --use_cann}
 * build of the same ORT version is used on an Ascend host.
 */
final class CannRuntime {
    private static CannRuntime instance;

    final OrtApi api;
    final OrtEnv env;
    final String version;
    final String library;

    private CannRuntime(OrtApi api, OrtEnv env, String version, String library) {
        this.api = api;
        this.env = env;
        this.version = version;
        this.library = library;
    }

    /**
     * @throws LinkageError when the natives do not load (UnsatisfiedLinkError and the like)
     * @throws CannStatusException when ORT answers but cannot create its environment
     */
    static synchronized CannRuntime get() {
        if (instance == null) {
            Loader.load(org.bytedeco.onnxruntime.global.onnxruntime.class);
            OrtApi api = OrtGetApiBase().GetApi().call(ORT_API_VERSION);
            String version = OrtGetApiBase().GetVersionString().call().getString();
            if (api == null || api.isNull()) {
                throw new CannStatusException("ONNX Runtime " + version + " (" + mappedLibraries() + ") has no C API"
                        + " version " + ORT_API_VERSION + ", the one JavaCPP's preset was built for", -1);
            }
            PointerPointer<OrtEnv> out = new PointerPointer<>(1);
            check(api, api.CreateEnv(ORT_LOGGING_LEVEL_WARNING, new BytePointer("portbench-cann"), out),
                    "CreateEnv");
            instance = new CannRuntime(api, out.get(OrtEnv.class), version, mappedLibraries());
        }
        return instance;
    }

    /** Throws the status's message, releasing it, unless it is OK (null). */
    static void check(OrtApi api, OrtStatus status, String call) {
        if (status == null || status.isNull()) {
            return;
        }
        String message = api.GetErrorMessage().call(status).getString();
        int code = api.GetErrorCode().call(status);
        api.ReleaseStatus(status);
        throw new CannStatusException(call + ": " + message, code);
    }

    void check(OrtStatus status, String call) {
        check(api, status, call);
    }

    /** ORT's default allocator: it owns the strings ORT hands out. */
    OrtAllocator defaultAllocator() {
        PointerPointer<OrtAllocator> out = new PointerPointer<>(1);
        check(api.GetAllocatorWithDefaultOptions(out), "GetAllocatorWithDefaultOptions");
        return out.get(OrtAllocator.class);
    }

    /** The string an ORT call wrote into {@code out}, allocated with {@code allocator}: read, then freed. */
    String take(OrtAllocator allocator, PointerPointer<BytePointer> out) {
        BytePointer s = out.get(BytePointer.class);
        try {
            return s.getString();
        } finally {
            check(api.AllocatorFree(allocator, s), "AllocatorFree");
        }
    }

    /**
     * Every {@code libonnxruntime} file mapped into this process, from {@code /proc/self/maps}: the truth about which
     * library answers, whatever JavaCPP meant to load. Two of them (com.microsoft.onnxruntime's and the preset's) share
     * the SONAME {@code libonnxruntime.so.1}, and the dynamic linker binds JavaCPP's JNI library to whichever came
     * first.
     */
    static String mappedLibraries() {
        try {
            Set<String> found = mappedLibraryFiles();
            return found.isEmpty() ? "no libonnxruntime mapped" : String.join(", ", found);
        } catch (IOException | SecurityException e) {
            return "library unknown: /proc/self/maps unreadable";
        }
    }

    static Set<String> mappedLibraryFiles() throws IOException {
        Set<String> found = new LinkedHashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash >= 0 && line.substring(slash).matches(".*/libonnxruntime\\.so[.0-9]*")) {
                found.add(line.substring(slash));
            }
        }
        return found;
    }
}
