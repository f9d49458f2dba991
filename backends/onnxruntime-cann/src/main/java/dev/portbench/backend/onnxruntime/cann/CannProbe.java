package dev.portbench.backend.onnxruntime.cann;

import dev.portbench.backend.Availability;
import dev.portbench.backend.BackendOptions;
import org.bytedeco.onnxruntime.OrtSessionOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether the CANN execution provider can be appended here: loads the preset's ONNX Runtime, creates the environment
 * and session options, then CreateCANNProviderOptions, UpdateCANNProviderOptions with the default options, and
 * SessionOptionsAppendExecutionProvider_CANN. The first call that fails gives the reason, in ORT's own words, with the
 * version and the library that answered.
 *
 * <p>The walk runs in a JVM of its own. The preset's {@code libonnxruntime.so.1} and com.microsoft.onnxruntime's
 * (onnxruntime-cpu) share that SONAME, so in one process the dynamic linker binds the second to load to the first:
 * probing CANN first makes onnxruntime-cpu fail ("The requested API version [23] is not available ... ORT Version is:
 * 1.22.0"), and probing it second would report the other library's version. The harness's launcher probes every backend
 * in one JVM, so the probe must not load the preset there. Cell JVMs run one backend and load it in-process.
 */
final class CannProbe {
    static final String MARK = "portbench-cann-probe:";
    private static final long CHILD_TIMEOUT_S = 120;
    /** Each set of options' result: the options (device_id, precision_mode …) go to the provider being appended. */
    private static final Map<Map<String, String>, Result> CACHED = new HashMap<>();
    private static Result last;

    private CannProbe() {
    }

    /** What a probe found: availability, and the version and library of the runtime that answered (when loaded). */
    record Result(boolean available, String reason, String version, String library) {
        Availability availability() {
            return available ? Availability.yes() : Availability.no(reason);
        }
    }

    /**
     * The walk in a child JVM with this JVM's class path and JavaCPP settings, appending the provider with these
     * options (ORT checks device_id against the NPUs CANN counts there); once per process and set of options.
     */
    static synchronized Result inChildJvm(BackendOptions options) {
        last = CACHED.computeIfAbsent(Map.copyOf(options.asMap()), CannProbe::runChild);
        return last;
    }

    /** The last result {@link #inChildJvm} gave in this process, or null. */
    static synchronized Result last() {
        return last;
    }

    /** Whether this process has a libonnxruntime mapped already (the preset's, or another that JavaCPP would bind to). */
    static boolean loadedHere() {
        try {
            return !CannRuntime.mappedLibraryFiles().isEmpty();
        } catch (IOException | SecurityException e) {
            return true; // unknown: read the runtime itself rather than trust the probe's reading
        }
    }

    /** The walk in this process; never throws. */
    static Result inProcess(CannSettings settings) {
        CannRuntime rt;
        try {
            rt = CannRuntime.get();
        } catch (LinkageError | CannStatusException e) {
            return new Result(false, "JavaCPP's ONNX Runtime did not load: " + e, "", CannRuntime.mappedLibraries());
        } catch (RuntimeException e) {
            return new Result(false, "JavaCPP's ONNX Runtime failed to start: " + e, "",
                    CannRuntime.mappedLibraries());
        }
        String where = "ONNX Runtime " + rt.version + " (" + rt.library + ")";
        if (rt.library.contains(",")) {
            return new Result(false, where + ": more than one libonnxruntime is mapped in this process; JavaCPP's"
                    + " binding answers through the first one loaded, so the CANN probe's answer would not be its own",
                    rt.version, rt.library);
        }
        try {
            OrtSessionOptions options = new CannSessionFactory(rt, settings.sessionConfig(), settings.intraOpThreads(),
                    ExecutionProviderStep.NONE)
                    .sessionOptions();
            try {
                new CannExecutionProvider(settings).appendTo(rt, options);
            } finally {
                rt.api.ReleaseSessionOptions(options);
            }
            return new Result(true, "", rt.version, rt.library);
        } catch (CannStatusException e) {
            return new Result(false, where + " cannot use the CANN execution provider: " + e.getMessage(), rt.version,
                    rt.library);
        } catch (RuntimeException e) {
            return new Result(false, where + " failed while appending the CANN execution provider: " + e, rt.version,
                    rt.library);
        }
    }

    /** The child JVM's entry point, given the options as KEY=VALUE: prints the result as marked lines on stdout. */
    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Result r;
        try {
            r = inProcess(CannSettings.from(new BackendOptions(CannSettings.ID, options)));
        } catch (RuntimeException e) { // options the launcher did not check first
            r = new Result(false, e.getMessage(), "", "");
        }
        System.out.println(MARK + "available=" + r.available());
        System.out.println(MARK + "reason=" + oneLine(r.reason()));
        System.out.println(MARK + "version=" + oneLine(r.version()));
        System.out.println(MARK + "library=" + oneLine(r.library()));
        System.out.flush();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    private static Result runChild(Map<String, String> options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the JavaCPP settings that choose which library loads (pathsFirst, java.library.path, logger.debug, ...)
        System.getProperties().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("org.bytedeco.") || key.equals("java.library.path")) {
                command.add("-D" + key + "=" + v);
            }
        });
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CannProbe.class.getName());
        options.forEach((k, v) -> command.add(k + "=" + v));
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> copy(p.getErrorStream(), err), "cann-probe-stderr");
            drain.setDaemon(true);
            drain.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(false, "the CANN probe JVM did not finish in " + CHILD_TIMEOUT_S + " s", "", "");
            }
            drain.join(1000);
            return parse(out, p.exitValue(), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(false, "could not start the CANN probe JVM " + command.get(0) + ": " + e, "", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted while the CANN probe JVM ran", "", "");
        }
    }

    static Result parse(String stdout, int exit, String stderr) {
        Map<String, String> v = new HashMap<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith(MARK)) {
                String kv = line.substring(MARK.length());
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    v.put(kv.substring(0, eq), kv.substring(eq + 1).strip());
                }
            }
        }
        if (!v.containsKey("available")) {
            String tail = stderr.strip();
            tail = tail.length() > 2000 ? "..." + tail.substring(tail.length() - 2000) : tail;
            return new Result(false, "the CANN probe JVM exited with " + exit + " without an answer"
                    + (tail.isEmpty() ? "" : "; its stderr: " + oneLine(tail)), "", "");
        }
        return new Result(Boolean.parseBoolean(v.get("available")), v.getOrDefault("reason", ""),
                v.getOrDefault("version", ""), v.getOrDefault("library", ""));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the child's stderr only adds detail to a failure
        }
    }
}
