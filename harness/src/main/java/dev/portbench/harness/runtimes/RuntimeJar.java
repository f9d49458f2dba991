package dev.portbench.harness.runtimes;

import dev.portbench.backend.RuntimeArtifact;

import java.nio.file.Path;

/**
 * Where the runtime jar of an {@code ID@VERSION} backend (or of a backend whose runtime is not on portbench's class
 * path, e.g. ONNX Runtime's GPU build) was found, or why it was not.
 *
 * @param jar     null when not found
 * @param foundIn which place of the lookup order held it; null when not found
 * @param missing why it was not found (the places looked in and the versions they hold); null when found
 * @param replaces the artifact whose jar it takes the place of on the cell JVMs' class path (usually its own)
 */
public record RuntimeJar(String backend, RuntimeArtifact artifact, String version, Path jar, String foundIn,
                         String missing, RuntimeArtifact replaces) {

    static RuntimeJar found(String backend, RuntimeArtifact artifact, String version, Path jar, String foundIn) {
        return new RuntimeJar(backend, artifact, version, jar, foundIn, null, artifact);
    }

    static RuntimeJar missing(String backend, RuntimeArtifact artifact, String version, String why) {
        return new RuntimeJar(backend, artifact, version, null, null, why, artifact);
    }

    /** This jar standing in for another artifact's on the class path (ONNX Runtime's GPU jar for its CPU jar). */
    public RuntimeJar replacing(RuntimeArtifact other) {
        return new RuntimeJar(backend, artifact, version, jar, foundIn, missing, other);
    }

    public boolean isFound() {
        return jar != null;
    }

    /** {@code groupId:artifactId:version}. */
    public String coordinates() {
        return artifact.coordinates() + ":" + version;
    }
}
