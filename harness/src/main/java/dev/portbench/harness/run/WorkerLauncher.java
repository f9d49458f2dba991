package dev.portbench.harness.run;

import dev.portbench.backend.CellEnvironment;
import dev.portbench.backend.RuntimeArtifact;
import dev.portbench.harness.runtimes.OrtNativeLibraries;
import dev.portbench.harness.runtimes.RuntimeClassPath;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a cell's JVM and waits for it within the cell's time limit. The JVM gets this JVM's class path (or
 * {@code -Dportbench.worker.classpath}), so a native crash, a hang or an OOM there ends that cell only. On timeout the
 * whole process tree (the cell JVM and JMH's forks) is killed.
 *
 * <p>Each cell JVM runs in a session and process group of its own ({@code setsid}, where it exists: Linux; elsewhere
 * it starts plainly), so a Ctrl-C at the terminal reaches the launcher only, whose shutdown hook then ends the cell's
 * whole tree ({@link RunningCells}). A launcher killed with SIGKILL runs no hook: the cell JVM and JMH's forks then end
 * themselves when they see their parent gone ({@code ParentWatchdog}).
 */
public final class WorkerLauncher {
    /** Extra JVM flags for cell JVMs: fail fast on OOM, and never let DJL reach the network. */
    static final List<String> JVM_FLAGS = List.of("-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true",
            "-DOPT_OUT_TRACKING=true", "-Djava.awt.headless=true",
            // the fp64 oracle's matrix products use the JDK's vector API (reference backend's VectorProduct)
            "--add-modules=jdk.incubator.vector",
            // JMH's forks get the class path from a jar's manifest, not their command line (see run())
            "-Djmh.separateClasspathJAR=true",
            // CellBenchmark's methods are void, so the measured loop consumes nothing through a Blackhole and its mode
            // cannot change a timing; naming one spares each cell JVM the two `java -version` JVMs JMH starts to
            // detect whether compiler blackholes are available
            "-Djmh.blackhole.mode=FULL_DONTINLINE");

    private final String javaExecutable;
    private final String classPath;
    private final CellEnvironment environment;
    private final Map<String, String> systemProperties;

    /** {@code setsid}, found once: in /usr/bin, else on PATH; empty where there is none (the cell starts plainly). */
    private static final List<String> NEW_SESSION = newSessionCommand();

    static List<String> newSessionCommand() {
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            return List.of("/usr/bin/setsid");
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "setsid"))) {
                    return List.of(Path.of(dir, "setsid").toString());
                }
            }
        }
        return List.of();
    }

    public WorkerLauncher() {
        this(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("portbench.worker.classpath", System.getProperty("java.class.path")));
    }

    WorkerLauncher(String javaExecutable, String classPath) {
        this(javaExecutable, classPath, CellEnvironment.NONE, Map.of());
    }

    private WorkerLauncher(String javaExecutable, String classPath, CellEnvironment environment,
                           Map<String, String> systemProperties) {
        this.javaExecutable = javaExecutable;
        this.classPath = classPath;
        this.environment = environment;
        this.systemProperties = Map.copyOf(systemProperties);
    }

    /**
     * A launcher whose JVMs get a backend's environment: its variables set, its library folders in front of
     * {@code LD_LIBRARY_PATH}. JMH's forks inherit the environment of the cell JVM.
     */
    public WorkerLauncher withEnvironment(CellEnvironment env) {
        Map<String, String> props = new java.util.TreeMap<>(systemProperties);
        props.putAll(env.systemProperties());
        return new WorkerLauncher(javaExecutable, classPath, env, props);
    }

    /** A launcher whose JVMs also get {@code -Dkey=value} (JMH's forks inherit it as a JVM flag). */
    public WorkerLauncher withSystemProperty(String key, String value) {
        Map<String, String> props = new java.util.TreeMap<>(systemProperties);
        props.put(key, value);
        return new WorkerLauncher(javaExecutable, classPath, environment, props);
    }

    /** What a JVM started by this launcher finds in its environment, given the launcher's own. */
    static Map<String, String> environment(Map<String, String> inherited, CellEnvironment env) {
        Map<String, String> out = new java.util.LinkedHashMap<>(inherited);
        out.putAll(env.variables());
        if (!env.libraryDirs().isEmpty()) {
            String before = inherited.get(LIBRARY_PATH);
            out.put(LIBRARY_PATH, String.join(java.io.File.pathSeparator, env.libraryDirs())
                    + (before == null || before.isEmpty() ? "" : java.io.File.pathSeparator + before));
        }
        return out;
    }

    static final String LIBRARY_PATH = "LD_LIBRARY_PATH";

    /**
     * A launcher whose JVMs run another version of a backend's runtime: this class path with the runtime's jar
     * replaced by {@code jar}. JMH's forks inherit the cell JVM's class path, so they run that version too.
     *
     * @throws IllegalStateException when this class path holds no jar of that runtime to replace
     */
    public WorkerLauncher withRuntimeJar(RuntimeArtifact artifact, Path jar) {
        return new WorkerLauncher(javaExecutable, RuntimeClassPath.withRuntimeJar(classPath, artifact, jar),
                environment, systemProperties);
    }

    String classPath() {
        return classPath;
    }

    /** The {@code -D} properties this launcher adds for its JVMs. */
    Map<String, String> systemProperties() {
        return systemProperties;
    }

    /**
     * A launcher whose JVMs load ONNX Runtime's native libraries from {@code natives}' folder for this class path's
     * ORT jar instead of each extracting them into a temporary folder; this launcher where the class path has no ORT
     * jar, or where the user named a folder or a library ({@code -Donnxruntime.native.path},
     * {@code -Donnxruntime.native.onnxruntime.path}, … in {@code PORTBENCH_JAVA_OPTS}, which every JVM inherits).
     */
    public WorkerLauncher withOrtNatives(OrtNativeLibraries natives) throws IOException {
        if (OrtNativeLibraries.userChoseLibraries(System.getProperties().stringPropertyNames())) {
            return this;
        }
        java.util.Optional<Path> folder = natives.folderFor(classPath);
        return folder.isEmpty() ? this
                : withSystemProperty(OrtNativeLibraries.NATIVE_PATH_PROPERTY, folder.get().toString())
                .withSystemProperty(OrtNativeLibraries.FROM_CLASS_PATH_PROPERTY, "true");
    }

    /**
     * The flags of this JVM a cell JVM gets too, so {@code PORTBENCH_JAVA_OPTS} reaches every cell (and JMH's forks,
     * which inherit the cell JVM's): system properties such as {@code -Donnxruntime.native.path}, heap sizes and
     * {@code -XX:} options. Agents and debugger flags stay with this JVM.
     */
    static List<String> inheritedFlags(List<String> parentFlags) {
        List<String> out = new ArrayList<>();
        for (String f : parentFlags) {
            boolean wanted = f.startsWith("-D") || f.startsWith("-Xmx") || f.startsWith("-Xms") || f.startsWith("-Xss")
                    || f.startsWith("-XX:");
            if (wanted && !JVM_FLAGS.contains(f) && !out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /** How a cell JVM ended. {@code exitCode} is meaningless when {@code timedOut}. */
    public record Exit(boolean timedOut, int exitCode, Duration wall) {
    }

    public Exit run(String mainClass, List<String> args, Path log, Duration timeout)
            throws IOException, InterruptedException {
        List<String> jvmOptions = new ArrayList<>(JVM_FLAGS);
        jvmOptions.addAll(inheritedFlags(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        systemProperties.forEach((k, v) -> jvmOptions.add("-D" + k + "=" + v));
        jvmOptions.add(dev.portbench.harness.worker.ParentWatchdog.parentPidFlag()); // after the inherited flags: wins
        jvmOptions.add("-cp");
        jvmOptions.add(classPath);
        Files.createDirectories(log.getParent());
        // the JVM's options go in an argument file: ONNX Runtime's native library crashes (SIGSEGV) in a process
        // whose command line is longer than about 4 KiB, which a class path in a deep folder reaches
        Path argFile = log.resolveSibling(log.getFileName() + ".jvm-options");
        Files.write(argFile, List.of(JvmArgFile.encode(jvmOptions)));
        List<String> command = new ArrayList<>(NEW_SESSION); // exec's java in place: the same pid, a new group
        command.add(javaExecutable);
        command.add("@" + argFile);
        command.add(mainClass);
        command.addAll(args);
        LogTail.markStart(log); // a failure's reason quotes this start's output only
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = environment(pb.environment(), environment);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("OPT_OUT_TRACKING", "true");
        long start = System.nanoTime();
        Process p = RunningCells.start(pb::start);
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                ProcessTree.destroy(p.toHandle(), Duration.ZERO);
                p.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) { // nobody will wait for this JVM any more: end its tree, not leave it
            ProcessTree.destroy(p.toHandle(), Duration.ZERO);
            throw e;
        } finally {
            RunningCells.finished(p);
        }
        boolean killedBySignal = finished && List.of(129, 130, 143).contains(p.exitValue()); // 128 + HUP, INT, TERM
        if (RunningCells.stopping() || killedBySignal && RunningCells.stoppingSoon()) {
            // the launcher's shutdown hook ended this cell, or the signal that is ending the launcher did: it has no
            // outcome to record
            throw new InterruptedException("portbench is shutting down; cell JVM pid " + p.pid() + " was ended");
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        return new Exit(!finished, finished ? p.exitValue() : -1, wall);
    }
}
