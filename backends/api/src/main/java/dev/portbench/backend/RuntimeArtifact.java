package dev.portbench.backend;

import java.util.regex.Pattern;

/**
 * The Maven coordinates (without version) of the jar that carries a backend's runtime, native libraries included, e.g.
 * {@code com.microsoft.onnxruntime:onnxruntime}. The harness swaps this jar for another version's to run
 * {@code ID@VERSION} (an upgrade A/B in one suite), so the jar must hold the whole runtime: Java API and natives.
 */
public record RuntimeArtifact(String groupId, String artifactId) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.-]+");

    public RuntimeArtifact {
        for (String part : new String[] {groupId, artifactId}) {
            if (part == null || !PART.matcher(part).matches()) {
                throw new IllegalArgumentException("Maven coordinate part '" + part
                        + "'; expected letters, digits, '_', '.' or '-'");
            }
        }
    }

    /** {@code groupId:artifactId}. */
    public String coordinates() {
        return groupId + ":" + artifactId;
    }

    /** The jar's file name as Maven names it: {@code artifactId-version.jar}. */
    public String jarName(String version) {
        return artifactId + "-" + version + ".jar";
    }
}
