package dev.portbench.harness.runtimes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrtNativeLibrariesTest {
    @TempDir
    Path tmp;

    /** A jar holding {@code entries} (name to content); a name ending in / is a folder. */
    private static Path jar(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    private Path ortJar(String name) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("ai/onnxruntime/OnnxRuntime.class", "class");
        entries.put("ai/onnxruntime/native/linux-x64/", "");
        entries.put("ai/onnxruntime/native/linux-x64/libonnxruntime.so", "runtime for linux-x64");
        entries.put("ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so", "jni for linux-x64");
        entries.put("ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib", "runtime for osx");
        return jar(tmp.resolve(name), entries);
    }

    private static String cp(Path... entries) {
        return String.join(File.pathSeparator, Stream.of(entries).map(Path::toString).toList());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void platformFoldersAreNamedAsOnnxRuntimeJavaNamesThem() {
        assertEquals("linux-x64", OrtNativeLibraries.platformFolder("Linux", "amd64"));
        assertEquals("linux-aarch64", OrtNativeLibraries.platformFolder("Linux", "aarch64"));
        assertEquals("osx-aarch64", OrtNativeLibraries.platformFolder("Mac OS X", "aarch64"));
        assertEquals("osx-x64", OrtNativeLibraries.platformFolder("Mac OS X", "x86_64"));
        assertEquals("win-x64", OrtNativeLibraries.platformFolder("Windows 11", "amd64"));
    }

    @Test
    void onlyTheOfficialCpuOrGpuJarIsTakenForTheRuntime() {
        Path harness = Path.of("/lib/portbench-backend-onnxruntime-0.1.0-SNAPSHOT.jar");
        Path extensions = Path.of("/lib/onnxruntime-extensions-0.13.0.jar");
        assertEquals(Optional.of(Path.of("/m2/onnxruntime-1.29.0.jar")), OrtNativeLibraries.ortJar(
                cp(harness, Path.of("/m2/onnxruntime-1.29.0.jar"), Path.of("/lib/jmh-core-1.37.jar"))));
        assertEquals(Optional.of(Path.of("/rt/onnxruntime_gpu-1.28.0.jar")),
                OrtNativeLibraries.ortJar(cp(harness, Path.of("/rt/onnxruntime_gpu-1.28.0.jar"))));
        assertEquals(Optional.empty(), OrtNativeLibraries.ortJar(cp(harness, extensions, Path.of("/classes"))));
    }

    @Test
    void thePlatformsLibrariesAreExtractedOnceAndOnlyThose() throws IOException {
        Path jar = ortJar("onnxruntime-1.29.0.jar");
        OrtNativeLibraries natives = new OrtNativeLibraries(tmp.resolve("cache"), "linux-x64");
        Path folder = natives.folderFor(cp(tmp.resolve("harness.jar"), jar)).orElseThrow();

        assertEquals(List.of("libonnxruntime.so", "libonnxruntime4j_jni.so"), names(folder));
        assertEquals("runtime for linux-x64", Files.readString(folder.resolve("libonnxruntime.so")));
        assertEquals("jni for linux-x64", Files.readString(folder.resolve("libonnxruntime4j_jni.so")));
        assertEquals(List.of(folder.getFileName().toString()), names(tmp.resolve("cache")),
                "no staging folder is left beside it");

        // a second run finds the folder complete and does not extract again (same names, same sizes)
        Files.writeString(folder.resolve("libonnxruntime.so"), "RUNTIME FOR LINUX-X64");
        assertEquals(folder, natives.folderFor(cp(jar)).orElseThrow());
        assertEquals("RUNTIME FOR LINUX-X64", Files.readString(folder.resolve("libonnxruntime.so")));
    }

    @Test
    void aFolderMissingALibraryOrHoldingATruncatedOneIsExtractedAgain() throws IOException {
        OrtNativeLibraries natives = new OrtNativeLibraries(tmp.resolve("cache"), "linux-x64");
        Path jar = ortJar("onnxruntime-1.29.0.jar");
        Path folder = natives.folderFor(cp(jar)).orElseThrow();
        Files.delete(folder.resolve("libonnxruntime4j_jni.so"));
        assertEquals(folder, natives.folderFor(cp(jar)).orElseThrow());
        assertEquals("jni for linux-x64", Files.readString(folder.resolve("libonnxruntime4j_jni.so")));

        Files.writeString(folder.resolve("libonnxruntime.so"), "runtime");
        natives.folderFor(cp(jar));
        assertEquals("runtime for linux-x64", Files.readString(folder.resolve("libonnxruntime.so")));
        assertEquals(List.of(folder.getFileName().toString()), names(tmp.resolve("cache")), "nothing set aside stays");
    }

    @Test
    void aUsersFolderOrLibraryIsTheirChoice() {
        assertTrue(OrtNativeLibraries.userChoseLibraries(java.util.Set.of("java.home", "onnxruntime.native.path")));
        assertTrue(OrtNativeLibraries.userChoseLibraries(java.util.Set.of("onnxruntime.native.onnxruntime.path")));
        assertTrue(OrtNativeLibraries.userChoseLibraries(
                java.util.Set.of("onnxruntime.native.onnxruntime4j_jni.path")));
        assertFalse(OrtNativeLibraries.userChoseLibraries(java.util.Set.of("java.home", "onnxruntime.native.debug")));
    }

    @Test
    void anAbandonedStagingFolderGoesAndOneStillBeingFilledStays() throws IOException {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Path abandoned = Files.createDirectories(cache.resolve("onnxruntime-1.28.0-linux-x64-00000000.partial-1"));
        Files.writeString(abandoned.resolve("libonnxruntime.so"), "half a library");
        Files.setLastModifiedTime(abandoned, FileTime.fromMillis(System.currentTimeMillis()
                - OrtNativeLibraries.ABANDONED_AFTER.toMillis() - 60_000));
        Path underWay = Files.createDirectories(cache.resolve("onnxruntime-1.28.0-linux-x64-00000000.partial-2"));

        Path folder = new OrtNativeLibraries(cache, "linux-x64").folderFor(cp(ortJar("onnxruntime-1.29.0.jar")))
                .orElseThrow();

        assertEquals(List.of(underWay.getFileName().toString(), folder.getFileName().toString()), names(cache));
    }

    @Test
    void aFolderNoRunUsedForAMonthGoesWhenAnotherReleaseArrivesAndOneInUseStays() throws IOException {
        Path cache = tmp.resolve("cache");
        OrtNativeLibraries natives = new OrtNativeLibraries(cache, "linux-x64");
        Path old = natives.folderFor(cp(ortJar("onnxruntime-1.28.0.jar"))).orElseThrow();
        Path recent = natives.folderFor(cp(ortJar("onnxruntime_gpu-1.28.0.jar"))).orElseThrow();
        Path notOurs = Files.createDirectories(cache.resolve("someone-elses-folder"));
        long monthAndADay = OrtNativeLibraries.UNUSED_AFTER.toMillis() + 86_400_000L;
        for (Path p : List.of(old, recent, notOurs)) {
            Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - monthAndADay));
        }
        // a run uses the GPU jar's folder today: it counts as used, not as old
        assertEquals(recent, natives.folderFor(cp(tmp.resolve("onnxruntime_gpu-1.28.0.jar"))).orElseThrow());
        assertEquals(List.of(old.getFileName().toString(), recent.getFileName().toString(), "someone-elses-folder"),
                names(cache), "nothing goes while no new release arrives");

        Path upgrade = natives.folderFor(cp(ortJar("onnxruntime-1.29.0.jar"))).orElseThrow();

        assertEquals(List.of(upgrade.getFileName().toString(), recent.getFileName().toString(), "someone-elses-folder"),
                names(cache));
    }

    @Test
    void theSameLibrariesShareAFolderAndOthersUnderTheSameNameDoNot() throws IOException {
        OrtNativeLibraries natives = new OrtNativeLibraries(tmp.resolve("cache"), "linux-x64");
        Path first = natives.folderFor(cp(ortJar("onnxruntime-1.29.0.jar"))).orElseThrow();
        Path copy = Files.createDirectories(tmp.resolve("copy")).resolve("onnxruntime-1.29.0.jar");
        Files.copy(tmp.resolve("onnxruntime-1.29.0.jar"), copy);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(1_000_000));
        assertEquals(first, natives.folderFor(cp(copy)).orElseThrow(), "a copy of the jar, made at another time");

        Path rebuilt = jar(Files.createDirectories(tmp.resolve("other")).resolve("onnxruntime-1.29.0.jar"), Map.of(
                "ai/onnxruntime/native/linux-x64/libonnxruntime.so", "another build"));
        Path second = natives.folderFor(cp(rebuilt)).orElseThrow();
        assertNotEquals(first, second);
        assertEquals("another build", Files.readString(second.resolve("libonnxruntime.so")));
        assertTrue(second.getFileName().toString().matches("onnxruntime-1\\.29\\.0-linux-x64-[0-9a-f]{8}"),
                second.toString());
    }

    @Test
    void noOrtJarOrNoLibrariesForThisPlatformIsNoFolder() throws IOException {
        OrtNativeLibraries windows = new OrtNativeLibraries(tmp.resolve("cache"), "win-x64");
        assertEquals(Optional.empty(), windows.folderFor(cp(ortJar("onnxruntime-1.29.0.jar"))));
        assertFalse(Files.exists(tmp.resolve("cache")), "nothing is made");
        assertEquals(Optional.empty(), windows.folderFor(cp(tmp.resolve("harness.jar"))));
        assertEquals(Optional.empty(), windows.folderFor(cp(tmp.resolve("missing/onnxruntime-1.29.0.jar"))));
    }

    @Test
    void aCacheThatCannotBeWrittenIsAnErrorNamingIt() throws IOException {
        Path notAFolder = Files.writeString(tmp.resolve("cache"), "a file");
        OrtNativeLibraries natives = new OrtNativeLibraries(notAFolder, "linux-x64");
        Path jar = ortJar("onnxruntime-1.29.0.jar");
        IOException e = assertThrows(IOException.class, () -> natives.folderFor(cp(jar)));
        assertTrue(e.getMessage().contains(notAFolder.toString()), e.getMessage());
    }

    @Test
    void theRealJarsLibrariesAreExtractedByteForByte() throws IOException {
        String classPath = System.getProperty("java.class.path");
        Path jar = OrtNativeLibraries.ortJar(classPath).orElseThrow();
        String platform = OrtNativeLibraries.platformFolder(System.getProperty("os.name"),
                System.getProperty("os.arch"));
        Path folder = new OrtNativeLibraries(tmp.resolve("cache"), platform).folderFor(classPath).orElseThrow();
        String lib = System.mapLibraryName("onnxruntime4j_jni");
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("ai/onnxruntime/native/" + platform + "/" + lib);
            assertArrayEquals(zip.getInputStream(entry).readAllBytes(), Files.readAllBytes(folder.resolve(lib)));
        }
    }
}
