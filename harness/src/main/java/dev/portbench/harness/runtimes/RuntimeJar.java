package dev.portbench.harness.runtimes;

import dev.portbench.backend.RuntimeArtifact;

import java.nio.file.Path;

/**
 * Where the runtime jar of an {@code ID@VERSION} backend was found, or why it was not.
 *
 * @param jar     null when not found
 * @param foundIn which place of the lookup order held it; null when not found
 * @param missing why it was not found (the places looked in and the versions they hold); null when found
 */
public record RuntimeJar(String backend, RuntimeArtifact artifact, String version, Path jar, String foundIn,
                         String missing) {

    static RuntimeJar found(String backend, RuntimeArtifact artifact, String version, Path jar, String foundIn) {
        return new RuntimeJar(backend, artifact, version, jar, foundIn, null);
    }

    static RuntimeJar missing(String backend, RuntimeArtifact artifact, String version, String why) {
        return new RuntimeJar(backend, artifact, version, null, null, why);
    }

    public boolean isFound() {
        return jar != null;
    }

    /** {@code groupId:artifactId:version}. */
    public String coordinates() {
        return artifact.coordinates() + ":" + version;
    }
}
