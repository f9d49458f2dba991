package dev.portbench.harness.run;

import org.junit.jupiter.api.Test;

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
}
