package dev.portbench.harness.run;

import dev.portbench.harness.runtimes.OrtNativeLibraries;
import dev.portbench.results.CellStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellLaunchersTest {

    @Test
    void aNativesCacheThatCannotBeWrittenFailsTheCellsNamingTheFolderAndTheFix(@TempDir Path tmp) throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("natives"), "a file where the cache should be");
        CellLaunchers launchers = new CellLaunchers(new WorkerLauncher(), Map.of(),
                OrtNativeLibraries.forThisPlatform(notAFolder));

        CellLaunchers.Launch launch = launchers.forBackend("onnxruntime-cpu", Map.of());

        assertNull(launch.launcher());
        assertEquals(CellStatus.FAILED, launch.status());
        assertTrue(launch.reason().contains("could not extract ONNX Runtime's native libraries")
                && launch.reason().contains(notAFolder.toString())
                && launch.reason().contains("-Dportbench.natives.dir"), launch.reason());
    }

    @Test
    void aWritableCacheGivesALauncher(@TempDir Path tmp) {
        CellLaunchers launchers = new CellLaunchers(new WorkerLauncher(), Map.of(),
                OrtNativeLibraries.forThisPlatform(tmp.resolve("natives")));

        CellLaunchers.Launch launch = launchers.forBackend("onnxruntime-cpu", Map.of());

        assertEquals(CellStatus.OK, launch.status(), launch.reason());
        assertTrue(Files.isDirectory(tmp.resolve("natives")), "the libraries were taken out for the cells");
    }
}
