package dev.portbench.harness.env;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The git commit this portbench was built from, recorded at build time by git-commit-id-maven-plugin. */
public record BuildInfo(String commit, String dirty, String commitTime) {
    private static final String RESOURCE = "/portbench-git.properties";

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown": the fingerprint says so rather than failing the run
        }
        return new BuildInfo(p.getProperty("git.commit.id", "unknown"), p.getProperty("git.dirty", "unknown"),
                p.getProperty("git.commit.time", "unknown"));
    }
}
