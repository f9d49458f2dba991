package dev.portbench.harness.env;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portbench.backend.HostCpu;
import dev.portbench.harness.run.RunIdentity;
import dev.portbench.harness.runtimes.RuntimeJar;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The toolchain a run ran on: JVM, OS, CPU, memory, portbench's own commit, and every backend's availability and
 * runtime version as read from the loaded runtime, the host's Ascend NPUs as npu-smi lists them, and for each {@code ID@VERSION} backend asked for, the runtime jar
 * its cells run with (the version they measured is in their rows). Written as env.json so runs from different hosts
 * can be told apart.
 */
public final class EnvFingerprint {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EnvFingerprint() {
    }

    /**
     * @param backends each backend as its probe described it, in a JVM of its own ({@code BackendProbes.describe}):
     *                 this JVM loads no backend's native code
     */
    public static Map<String, Object> collect(List<Map<String, Object>> backends, Collection<RuntimeJar> runtimeJars) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("created_utc", Instant.now().toString());
        env.put("host", RunIdentity.hostName());
        BuildInfo build = BuildInfo.load();
        env.put("portbench", ordered("git_commit", build.commit(), "git_dirty", build.dirty(),
                "git_commit_time", build.commitTime()));
        env.put("jvm", ordered("version", System.getProperty("java.version"),
                "vendor", System.getProperty("java.vendor"),
                "vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                "home", System.getProperty("java.home")));
        env.put("os", ordered("name", System.getProperty("os.name"), "version", System.getProperty("os.version"),
                "arch", System.getProperty("os.arch")));
        env.put("cpu", ordered("model", HostCpu.modelName(),
                "logical_cores", Runtime.getRuntime().availableProcessors()));
        env.put("memory_total_mb", MemInfo.totalMb());
        env.put("npus", NpuSection.describe(NpuSmiProbe.onPath()));
        env.put("backends", backends);
        List<Map<String, Object>> jars = new ArrayList<>();
        for (RuntimeJar j : runtimeJars) {
            jars.add(j.isFound()
                    ? ordered("backend", j.backend(), "artifact", j.coordinates(), "jar", j.jar().toString(),
                    "found_in", j.foundIn())
                    : ordered("backend", j.backend(), "artifact", j.coordinates(), "missing", j.missing()));
        }
        env.put("runtime_jars", jars);
        return env;
    }

    /** How long the host's other processes are watched for the start and end states. */
    static final long HOST_SAMPLE_MS = 500;

    /**
     * {@code env} with the limits measured for this session (the host's {@code machine_peak}, see {@link MachinePeak};
     * each accelerator backend's {@code device_peaks}, see {@link DevicePeak}) and the host's state as the run starts ({@code host_state_start}; see {@link HostState}).
     */
    public static Map<String, Object> atRunStart(Map<String, Object> env, RunPeaks peaks) {
        Map<String, Object> out = new LinkedHashMap<>(env);
        out.put("machine_peak", peaks.host());
        out.put("device_peaks", peaks.devices());
        out.put("host_state_start", HostState.capture(HOST_SAMPLE_MS));
        return out;
    }

    /** Adds the host's state as the run ends ({@code host_state_end}) to an env.json written at its start. */
    @SuppressWarnings("unchecked")
    public static void addRunEnd(Path file) throws IOException {
        Map<String, Object> env = JSON.readValue(file.toFile(), LinkedHashMap.class);
        env.put("host_state_end", HostState.capture(HOST_SAMPLE_MS));
        write(file, env);
    }

    public static String toJson(Map<String, Object> env) throws IOException {
        return JSON.writeValueAsString(env);
    }

    public static void write(Path file, Map<String, Object> env) throws IOException {
        dev.portbench.results.TextFiles.writeAtomically(file, toJson(env) + System.lineSeparator());
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
