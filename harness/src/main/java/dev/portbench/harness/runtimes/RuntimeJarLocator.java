package dev.portbench.harness.runtimes;

import dev.portbench.backend.RuntimeArtifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the jar of one version of a backend's runtime, for an {@code ID@VERSION} backend, on this machine only:
 * portbench downloads nothing at run time. Lookup order, first hit wins:
 * <ol>
 *   <li>the runtimes directory, {@code -Dportbench.runtimes.dir}: {@code DIR/ARTIFACT-VERSION.jar}. The harness build
 *       copies the ONNX Runtime versions of the upgrade A/B there ({@code harness/target/runtimes}); scripts/portbench
 *       and the harness tests pass it;</li>
 *   <li>the local Maven repository, {@code -Dmaven.repo.local}, else {@code ~/.m2/repository} (settings.xml is not
 *       read): {@code REPO/GROUP/AS/PATH/ARTIFACT/VERSION/ARTIFACT-VERSION.jar}.</li>
 * </ol>
 * A version in neither place is a missing {@link RuntimeJar} that names the places and the versions each one holds.
 */
public final class RuntimeJarLocator {
    public static final String RUNTIMES_DIR_PROPERTY = "portbench.runtimes.dir";
    static final String RUNTIMES_DIR = "runtimes directory";
    static final String LOCAL_REPOSITORY = "local Maven repository";

    private final Path runtimesDir;
    private final Path localRepository;

    /** @param runtimesDir null when not set */
    public RuntimeJarLocator(Path runtimesDir, Path localRepository) {
        this.runtimesDir = runtimesDir;
        this.localRepository = localRepository;
    }

    public static RuntimeJarLocator fromSystemProperties() {
        String dir = System.getProperty(RUNTIMES_DIR_PROPERTY);
        String repo = System.getProperty("maven.repo.local");
        return new RuntimeJarLocator(dir == null || dir.isBlank() ? null : Path.of(dir),
                repo != null && !repo.isBlank() ? Path.of(repo)
                        : Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    /**
     * Maven's attached jars beside a runtime (ARTIFACT-VERSION-CLASSIFIER.jar): sources, docs, tests. Their names
     * parse as a version ({@code 1.29.0-sources}) but they hold no runtime, so they are neither listed nor taken.
     */
    private static final Pattern ATTACHED = Pattern.compile("(.*?)-(sources|javadoc|tests|test-sources|test-javadoc)");

    public RuntimeJar locate(String backend, RuntimeArtifact artifact, String version) {
        Matcher attached = ATTACHED.matcher(version);
        if (attached.matches()) {
            return RuntimeJar.missing(backend, artifact, version, backend + ": version '" + version + "' names "
                    + artifact.jarName(version) + ", a " + attached.group(2) + " jar that holds no runtime; expected"
                    + " the runtime's version alone: '" + attached.group(1) + "'");
        }
        if (runtimesDir != null) {
            Path jar = runtimesDir.resolve(artifact.jarName(version));
            if (Files.isRegularFile(jar)) {
                return RuntimeJar.found(backend, artifact, version, jar, RUNTIMES_DIR);
            }
        }
        Path jar = repositoryFolder(artifact).resolve(version).resolve(artifact.jarName(version));
        if (Files.isRegularFile(jar)) {
            return RuntimeJar.found(backend, artifact, version, jar, LOCAL_REPOSITORY);
        }
        String coordinates = artifact.coordinates() + ":" + version;
        return RuntimeJar.missing(backend, artifact, version, backend + ": no " + artifact.jarName(version) + " ("
                + coordinates + ") on this machine; " + describeRuntimesDir(artifact) + "; " + LOCAL_REPOSITORY + " "
                + repositoryFolder(artifact) + " " + holds(inRepository(artifact))
                + ". portbench downloads nothing at run time; add it with:"
                + " mvn dependency:get -Dartifact=" + coordinates);
    }

    /** Every version either place holds, oldest first. */
    public List<String> availableVersions(RuntimeArtifact artifact) {
        TreeSet<String> all = new TreeSet<>(VERSION_ORDER);
        all.addAll(inRuntimesDir(artifact));
        all.addAll(inRepository(artifact));
        return List.copyOf(all);
    }

    /** The places looked in, in order: "runtimes directory DIR, then the local Maven repository REPO". */
    public String places() {
        return RUNTIMES_DIR + " " + (runtimesDir == null ? "(not set)" : runtimesDir.toString()) + ", then the "
                + LOCAL_REPOSITORY + " " + localRepository;
    }

    private String describeRuntimesDir(RuntimeArtifact artifact) {
        if (runtimesDir == null) {
            return RUNTIMES_DIR + " not set (-D" + RUNTIMES_DIR_PROPERTY + ")";
        }
        if (!Files.isDirectory(runtimesDir)) {
            return RUNTIMES_DIR + " " + runtimesDir + " does not exist";
        }
        return RUNTIMES_DIR + " " + runtimesDir + " " + holds(inRuntimesDir(artifact));
    }

    private static String holds(List<String> versions) {
        return versions.isEmpty() ? "has no version" : "has " + String.join(", ", versions);
    }

    private Path repositoryFolder(RuntimeArtifact artifact) {
        return localRepository.resolve(artifact.groupId().replace('.', '/')).resolve(artifact.artifactId());
    }

    private List<String> inRuntimesDir(RuntimeArtifact artifact) {
        if (runtimesDir == null || !Files.isDirectory(runtimesDir)) {
            return List.of();
        }
        Pattern jarName = Pattern.compile(Pattern.quote(artifact.artifactId()) + "-(\\d[0-9A-Za-z._+-]*)\\.jar");
        List<String> out = new ArrayList<>();
        for (Path p : list(runtimesDir)) {
            Matcher m = jarName.matcher(p.getFileName().toString());
            if (m.matches() && !ATTACHED.matcher(m.group(1)).matches() && Files.isRegularFile(p)) {
                out.add(m.group(1));
            }
        }
        out.sort(VERSION_ORDER);
        return out;
    }

    /** Version folders that hold the jar itself (a folder with only a .pom or a failed download does not count). */
    private List<String> inRepository(RuntimeArtifact artifact) {
        Path folder = repositoryFolder(artifact);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Path p : list(folder)) {
            String version = p.getFileName().toString();
            if (Files.isRegularFile(p.resolve(artifact.jarName(version)))) {
                out.add(version);
            }
        }
        out.sort(VERSION_ORDER);
        return out;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** 1.9.0 before 1.10.0: numeric parts compare as numbers, others as text. */
    static final Comparator<String> VERSION_ORDER = (a, b) -> {
        String[] x = a.split("[.+_-]");
        String[] y = b.split("[.+_-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean numbers = x[i].matches("\\d{1,9}") && y[i].matches("\\d{1,9}");
            int c = numbers ? Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return x.length != y.length ? Integer.compare(x.length, y.length) : a.compareTo(b);
    };
}
