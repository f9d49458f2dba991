package dev.portbench.harness.runtimes;

import dev.portbench.backend.RuntimeArtifact;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A cell JVM's class path with one runtime version in place of another: every entry whose file name is the runtime
 * artifact's jar of any version ({@code onnxruntime-1.29.0.jar}) gives way to the jar asked for, at the first such
 * entry's position, so exactly one version of the runtime is on the class path.
 */
public final class RuntimeClassPath {
    private RuntimeClassPath() {
    }

    /**
     * @throws IllegalStateException when no entry is the artifact's jar: then nothing says where the runtime comes from
     *                               (a {@code DIR/*} wildcard in {@code -Dportbench.worker.classpath} is not expanded)
     */
    public static String withRuntimeJar(String classPath, RuntimeArtifact artifact, Path jar) {
        Pattern anyVersion = Pattern.compile(Pattern.quote(artifact.artifactId()) + "-\\d[0-9A-Za-z._+-]*\\.jar");
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String entry : classPath.split(Pattern.quote(File.pathSeparator))) {
            if (entry.isEmpty()) {
                continue;
            }
            String fileName = entry.substring(entry.lastIndexOf(File.separatorChar) + 1);
            if (anyVersion.matcher(fileName).matches()) {
                if (!replaced) {
                    out.add(jar.toString());
                    replaced = true;
                }
            } else {
                out.add(entry);
            }
        }
        if (!replaced) {
            throw new IllegalStateException("cannot run " + artifact.coordinates() + " from " + jar + ": the cell"
                    + " class path has no " + artifact.artifactId() + "-VERSION.jar to replace; expected one among its "
                    + out.size() + " entries (list jars one by one: a DIR/* wildcard is not expanded)");
        }
        return String.join(File.pathSeparator, out);
    }
}
