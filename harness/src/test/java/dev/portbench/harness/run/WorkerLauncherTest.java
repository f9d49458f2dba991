package dev.portbench.harness.run;

import dev.portbench.backend.RuntimeArtifact;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WorkerLauncherTest {

    @Test
    void cellsInheritPropertiesHeapAndXxFlagsButNotAgentsOrDuplicates() {
        List<String> parent = List.of("-Donnxruntime.native.path=/opt/ort", "-Xmx20g", "-javaagent:/x/agent.jar",
                "-agentlib:jdwp=transport=dt_socket", "-XX:+UseG1GC", "-Dai.djl.offline=true", "-Xmx20g", "-ea");
        assertEquals(List.of("-Donnxruntime.native.path=/opt/ort", "-Xmx20g", "-XX:+UseG1GC"),
                WorkerLauncher.inheritedFlags(parent));
    }

    @Test
    void aLauncherWithAnotherRuntimeVersionRunsTheSameClassPathWithThatJarInstead() {
        WorkerLauncher base = new WorkerLauncher("java", "/h/harness.jar:/lib/onnxruntime-1.29.0.jar:/lib/jmh.jar");
        WorkerLauncher swapped = base.withRuntimeJar(new RuntimeArtifact("com.microsoft.onnxruntime", "onnxruntime"),
                Path.of("/rt/onnxruntime-1.28.0.jar"));
        assertEquals("/h/harness.jar:/rt/onnxruntime-1.28.0.jar:/lib/jmh.jar", swapped.classPath());
        assertEquals("/h/harness.jar:/lib/onnxruntime-1.29.0.jar:/lib/jmh.jar", base.classPath(), "the base is kept");
    }
}
