package dev.portbench.backend;

import java.util.List;
import java.util.Map;

/**
 * What a backend needs in the environment of the JVMs that run its cells, from its options: variables to set (e.g.
 * {@code CUDA_VISIBLE_DEVICES}, {@code ASCEND_RT_VISIBLE_DEVICES}) and folders of native libraries the dynamic loader
 * must search first (put in front of {@code LD_LIBRARY_PATH}), e.g. where CUDA 12 or a CANN toolkit lives, and JVM
 * system properties (e.g. JavaCPP's {@code org.bytedeco.javacpp.pathsFirst}). The harness starts each cell JVM, and
 * its probe, with exactly that.
 */
public record CellEnvironment(Map<String, String> variables, List<String> libraryDirs,
                              Map<String, String> systemProperties) {
    public static final CellEnvironment NONE = new CellEnvironment(Map.of(), List.of(), Map.of());

    public CellEnvironment {
        variables = Map.copyOf(variables);
        libraryDirs = List.copyOf(libraryDirs);
        systemProperties = Map.copyOf(systemProperties);
    }

    public CellEnvironment(Map<String, String> variables, List<String> libraryDirs) {
        this(variables, libraryDirs, Map.of());
    }

    public boolean isEmpty() {
        return variables.isEmpty() && libraryDirs.isEmpty() && systemProperties.isEmpty();
    }
}
