package dev.portbench.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeArtifactTest {

    @Test
    void namesCoordinatesAndTheJarAsMavenDoes() {
        RuntimeArtifact a = new RuntimeArtifact("com.example.rt", "rt-core");
        assertEquals("com.example.rt:rt-core", a.coordinates());
        assertEquals("rt-core-2.1.0.jar", a.jarName("2.1.0"));
    }

    @Test
    void coordinatesThatCouldLeaveTheRepositoryFolderAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RuntimeArtifact("com/example", "rt"));
        assertTrue(e.getMessage().contains("'com/example'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RuntimeArtifact("com.example", ""));
    }
}
