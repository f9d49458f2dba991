package dev.portbench.harness.runtimes;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * ONNX Runtime's native libraries, taken out of the ORT jar on a cell's class path once per machine and jar, for
 * {@code -Donnxruntime.native.path}. Left to itself, ONNX Runtime Java copies its libraries into a new
 * {@code onnxruntime-java*} folder under {@code java.io.tmpdir} in every JVM that loads it — every cell JVM and every
 * JMH fork: 28 MB for the CPU jar, hundreds of MB for the GPU jar — and at exit deletes the files but not the folder
 * (it asks for the folder's deletion before the files', and the JVM deletes in reverse order), so a nightly run left
 * hundreds of empty folders in /tmp. ORT's maintainers advise extracting the libraries once and pointing it there.
 *
 * <p>The cache folder is {@code -Dportbench.natives.dir}, by default {@code ~/.cache/portbench/natives}; one folder
 * per jar's libraries, filled in a private folder and moved into place whole, so a concurrent run or a killed one
 * never leaves a half-extracted folder that looks finished. Every run marks the folder it uses (its modification
 * time); a folder no run has used for {@link #UNUSED_AFTER} goes when another jar's libraries are extracted, so a
 * machine that upgrades ONNX Runtime every month does not keep every release's hundreds of MB.
 */
public final class OrtNativeLibraries {
    public static final String CACHE_DIR_PROPERTY = "portbench.natives.dir";
    /** ONNX Runtime Java's own property: load the libraries from this folder instead of extracting them. */
    public static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";
    /**
     * Set next to {@link #NATIVE_PATH_PROPERTY} when the harness chose the folder: the libraries are the class path's
     * jar's own, so the row does not list the folder among the options the user set (the backend reads it).
     */
    public static final String FROM_CLASS_PATH_PROPERTY = "portbench.onnxruntime.native.path.from.jar";
    /** The official API's jars, CPU and GPU: {@code onnxruntime-1.29.0.jar}, {@code onnxruntime_gpu-1.29.0.jar}. */
    private static final Pattern ORT_JAR = Pattern.compile("onnxruntime(_gpu)?-\\d[0-9A-Za-z._+-]*\\.jar");
    private static final Pattern LIBRARY_FOLDER = Pattern.compile("onnxruntime(_gpu)?-.+-[0-9a-f]{8}");
    private static final String NATIVE_ROOT = "ai/onnxruntime/native/";
    private static final String STAGING = ".partial-";
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);
    static final Duration UNUSED_AFTER = Duration.ofDays(30);

    private final Path cacheDir;
    private final String platform;

    public OrtNativeLibraries(Path cacheDir, String platform) {
        this.cacheDir = cacheDir;
        this.platform = platform;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** The cache of {@code -Dportbench.natives.dir} (default {@code ~/.cache/portbench/natives}), for this platform. */
    public static OrtNativeLibraries fromSystemProperties() {
        String dir = System.getProperty(CACHE_DIR_PROPERTY);
        Path cache = dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache", "portbench", "natives");
        return forThisPlatform(cache);
    }

    /** A cache in {@code cacheDir} of the libraries for the platform this JVM runs on. */
    public static OrtNativeLibraries forThisPlatform(Path cacheDir) {
        return new OrtNativeLibraries(cacheDir, platformFolder(System.getProperty("os.name"),
                System.getProperty("os.arch")));
    }

    /**
     * The jar's folder of natives for {@code os.name} and {@code os.arch}, as ONNX Runtime Java names it
     * ({@code linux-x64}, {@code osx-aarch64}, {@code win-x64}).
     */
    static String platformFolder(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.startsWith("mac") || name.startsWith("darwin") ? "osx"
                : name.startsWith("windows") ? "win" : name.startsWith("linux") ? "linux" : name;
        String arch = osArch.toLowerCase(Locale.ROOT);
        arch = switch (arch) {
            case "amd64", "x86_64" -> "x64";
            case "arm64" -> "aarch64";
            default -> arch;
        };
        return os + "-" + arch;
    }

    /**
     * Whether the user chose ONNX Runtime's libraries: a folder ({@code onnxruntime.native.path}) or one library
     * ({@code onnxruntime.native.onnxruntime.path}, {@code onnxruntime.native.onnxruntime4j_jni.path}, …), which ORT
     * reads only when no folder is given. Then the harness sets neither.
     */
    public static boolean userChoseLibraries(java.util.Set<String> propertyNames) {
        return propertyNames.stream().anyMatch(n -> n.equals(NATIVE_PATH_PROPERTY)
                || n.startsWith("onnxruntime.native.") && n.endsWith(".path"));
    }

    /** The ORT jar among a class path's entries; empty when there is none. */
    static Optional<Path> ortJar(String classPath) {
        for (String entry : classPath.split(Pattern.quote(File.pathSeparator))) {
            String fileName = entry.substring(entry.lastIndexOf(File.separatorChar) + 1);
            if (ORT_JAR.matcher(fileName).matches()) {
                return Optional.of(Path.of(entry));
            }
        }
        return Optional.empty();
    }

    /**
     * The folder holding the natives of the class path's ORT jar for this platform, extracted when first asked for;
     * empty when the class path has no ORT jar or the jar has no natives for this platform (ORT then says so itself).
     *
     * @throws IOException when the jar cannot be read or the cache folder not written
     */
    public synchronized Optional<Path> folderFor(String classPath) throws IOException {
        Optional<Path> jar = ortJar(classPath);
        if (jar.isEmpty() || !Files.isRegularFile(jar.get())) {
            return Optional.empty();
        }
        try (ZipFile zip = new ZipFile(jar.get().toFile())) {
            List<ZipEntry> libraries = libraries(zip);
            if (libraries.isEmpty()) {
                return Optional.empty();
            }
            Path target = cacheDir.resolve(key(jar.get(), libraries));
            markUsed(target); // first: a folder pruned meanwhile is found incomplete below, and extracted again
            if (!isComplete(target, libraries)) {
                extract(zip, libraries, target);
            }
            return Optional.of(target);
        }
    }

    /**
     * Whether every library is in the folder with the jar's size: a folder a cleaner of old files or a hand emptied
     * would otherwise fail every cell that loads from it.
     */
    private static boolean isComplete(Path folder, List<ZipEntry> libraries) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        for (ZipEntry entry : libraries) {
            Path file = folder.resolve(fileName(entry));
            if (!Files.isRegularFile(file) || (entry.getSize() >= 0 && Files.size(file) != entry.getSize())) {
                return false;
            }
        }
        return true;
    }

    private static String fileName(ZipEntry entry) {
        return entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
    }

    /** The files of the platform's folder in the jar. */
    private List<ZipEntry> libraries(ZipFile zip) {
        String prefix = NATIVE_ROOT + platform + "/";
        List<ZipEntry> out = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            String rest = entry.getName().startsWith(prefix) ? entry.getName().substring(prefix.length()) : "";
            if (!entry.isDirectory() && !rest.isEmpty() && !rest.contains("/")) {
                out.add(entry);
            }
        }
        return out;
    }

    /**
     * {@code onnxruntime-1.29.0-linux-x64-1a2b3c4d}: the jar's name, the platform, and a checksum of the libraries'
     * names, sizes and CRCs as the jar's directory records them (read without unpacking anything), so the same
     * libraries share a folder however often the jar is copied, and other libraries under the same name do not.
     */
    private String key(Path jar, List<ZipEntry> libraries) {
        CRC32 crc = new CRC32();
        for (ZipEntry entry : libraries) {
            crc.update((entry.getName() + ":" + entry.getSize() + ":" + entry.getCrc() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String name = jar.getFileName().toString();
        return name.substring(0, name.length() - ".jar".length()) + "-" + platform + "-"
                + String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    private void extract(ZipFile zip, List<ZipEntry> libraries, Path target) throws IOException {
        Files.createDirectories(cacheDir);
        removeAbandonedStaging();
        removeUnused();
        Path staging = Files.createTempDirectory(cacheDir, target.getFileName() + STAGING);
        try {
            for (ZipEntry entry : libraries) {
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, staging.resolve(fileName(entry)));
                }
            }
            if (isComplete(target, libraries)) { // another process finished first: its folder is as good
                return;
            }
            if (Files.exists(target)) { // incomplete: set it aside (a JVM may still have its libraries open) and redo
                Path aside = Files.createTempDirectory(cacheDir, target.getFileName() + STAGING + "damaged-");
                moveAside(target, aside.resolve("old"));
                deleteTree(aside);
            }
            moveIntoPlace(staging, target);
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Staging folders of extractions that were killed (a launcher ended with SIGKILL mid-copy) stay behind; one older
     * than {@link #ABANDONED_AFTER} is no extraction still under way, and goes.
     */
    private void removeAbandonedStaging() throws IOException {
        long cutoff = System.currentTimeMillis() - ABANDONED_AFTER.toMillis();
        try (Stream<Path> entries = Files.list(cacheDir)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().contains(STAGING)).toList()) {
                try {
                    if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                        deleteTree(p);
                    }
                } catch (NoSuchFileException e) {
                    // another process moved it into place or removed it meanwhile
                }
            }
        }
    }

    /**
     * A folder's modification time says when a run last used it; see {@link #removeUnused}. Best effort: a folder not
     * there yet is extracted next, and one this user may not touch (a cache filled in advance) is still used.
     */
    private static void markUsed(Path folder) {
        try {
            Files.setLastModifiedTime(folder, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // see above
        }
    }

    /**
     * Folders of libraries no run has used for {@link #UNUSED_AFTER} (another ONNX Runtime release, or a jar built
     * again). Each is first moved aside whole, then looked at again: a run that marked it in between gets it back (or,
     * having found it gone, has extracted it anew). A run still holding such libraries keeps them: on Linux and macOS
     * a loaded library outlives its file. Best effort: a folder that cannot be moved or deleted stays.
     */
    private void removeUnused() throws IOException {
        long cutoff = System.currentTimeMillis() - UNUSED_AFTER.toMillis();
        List<Path> folders;
        try (Stream<Path> entries = Files.list(cacheDir)) {
            folders = entries.filter(p -> isLibraryFolder(p.getFileName().toString())).toList();
        }
        for (Path folder : folders) {
            try {
                FileTime lastUsed = Files.getLastModifiedTime(folder);
                if (lastUsed.toMillis() >= cutoff) {
                    continue;
                }
                Path aside = Files.createTempDirectory(cacheDir, folder.getFileName() + STAGING + "unused-");
                Path old = aside.resolve("old");
                moveAside(folder, old);
                if (Files.exists(old) && !Files.getLastModifiedTime(old).equals(lastUsed)) {
                    moveIntoPlace(old, folder); // marked in between: in use after all
                }
                deleteTree(aside);
            } catch (IOException e) {
                // another process moved or removed it meanwhile, or this user may not: it stays
            }
        }
    }

    /** {@code onnxruntime-1.29.0-linux-x64-1a2b3c4d}, as {@link #key} names it: nothing else in the folder goes. */
    private static boolean isLibraryFolder(String name) {
        return LIBRARY_FOLDER.matcher(name).matches();
    }

    /** Moves an incomplete folder out of the way; gone already (another process did it) is as good. */
    private static void moveAside(Path target, Path aside) throws IOException {
        try {
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // another process set it aside first
        }
    }

    /** Whole or not at all; a folder another run put there first is as good as this one. */
    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        } catch (FileAlreadyExistsException e) {
            // another process finished first
        } catch (IOException e) {
            if (!Files.isDirectory(target)) { // on some systems a rename onto a full folder fails otherwise
                throw e;
            }
        }
    }

    /** Deletes a folder and what it holds; what another process deleted meanwhile is not an error. */
    private static void deleteTree(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException e) {
            return;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return;
            }
            throw e.getCause();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
