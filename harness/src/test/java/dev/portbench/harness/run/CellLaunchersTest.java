package dev.portbench.harness.run;

import dev.portbench.harness.runtimes.OrtNativeLibraries;
import dev.portbench.results.CellStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class CellLaunchersTest {

    @Test
    void cellsLoadOnnxRuntimeFromTheCacheFolderOfTheClassPathsJar(@TempDir Path tmp) throws Exception {
        assumeFalse(OrtNativeLibraries.userChoseLibraries(System.getProperties().stringPropertyNames()),
                "the user chose ORT's libraries for this JVM");
        OrtNativeLibraries natives = OrtNativeLibraries.forThisPlatform(tmp.resolve("natives"));
        CellLaunchers launchers = new CellLaunchers(new WorkerLauncher(), Map.of(), natives);

        CellLaunchers.Launch launch = launchers.forBackend("onnxruntime-cpu", Map.of());

        assertEquals(CellStatus.OK, launch.status(), launch.reason());
        Path folder = natives.folderFor(System.getProperty("java.class.path")).orElseThrow();
        Map<String, String> props = launch.launcher().systemProperties();
        assertEquals(folder.toString(), props.get(OrtNativeLibraries.NATIVE_PATH_PROPERTY));
        assertEquals("true", props.get(OrtNativeLibraries.FROM_CLASS_PATH_PROPERTY));
    }

    @Test
    void aCacheThatCannotBeWrittenIsWarnedOfOnceAndTheCellsStillRun(@TempDir Path tmp) throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("natives"), "a file where the cache should be");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CellLaunchers launchers = new CellLaunchers(new WorkerLauncher(), Map.of(),
                OrtNativeLibraries.forThisPlatform(notAFolder), new PrintStream(err, true, StandardCharsets.UTF_8));

        CellLaunchers.Launch cpu = launchers.forBackend("onnxruntime-cpu", Map.of());
        CellLaunchers.Launch oracle = launchers.forBackend("reference-fp64", Map.of());

        assertEquals(CellStatus.OK, cpu.status(), cpu.reason());
        assertEquals(CellStatus.OK, oracle.status(), oracle.reason());
        assertFalse(cpu.launcher().systemProperties().containsKey(OrtNativeLibraries.NATIVE_PATH_PROPERTY),
                "ONNX Runtime extracts its libraries itself, as it does by default");
        String warning = err.toString(StandardCharsets.UTF_8);
        assertTrue(warning.startsWith("portbench: warning: could not take ONNX Runtime's native libraries out of")
                && warning.contains(notAFolder.toString()) && warning.contains("-Dportbench.natives.dir"), warning);
        assertEquals(1, warning.lines().count(), "said once, not per cell: " + warning);
    }
}
