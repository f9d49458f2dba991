package dev.portbench.results.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Chart.js as the WebJar on the classpath ships it (org.webjars.npm:chart.js, its UMD build), read once, to be
 * inlined: a report page must draw with no network. The version is read from the jar's own pom.properties, so the
 * parent pom stays the one place that names it.
 */
final class ChartJs {

    private static final String POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static final Pattern SOURCE_MAP = Pattern.compile("(?m)^//# sourceMappingURL=.*$");

    private static volatile ChartJs loaded;

    private final String version;
    private final String script;

    private ChartJs(String version, String script) {
        this.version = version;
        this.script = script;
    }

    static ChartJs load() {
        ChartJs library = loaded;
        if (library == null) {
            String version = webJarVersion();
            String script = resource("META-INF/resources/webjars/chart.js/" + version + "/dist/chart.umd.js");
            // The map is not inlined and would be the one thing a browser's developer tools fetch.
            script = SOURCE_MAP.matcher(script).replaceAll("");
            library = new ChartJs(version, inlineSafe(script));
            loaded = library;
        }
        return library;
    }

    String version() {
        return version;
    }

    /** The library's code, safe to place between {@code <script>} and {@code </script>}. */
    String script() {
        return script;
    }

    /** In code {@code </script} cannot occur; inside a JS string or regex {@code <\/} means the same. */
    static String inlineSafe(String javascript) {
        return javascript.replaceAll("(?i)</(script)", "<\\\\/$1").replace("<!--", "<\\!--");
    }

    private static String webJarVersion() {
        Properties pom = new Properties();
        try (InputStream in = open(POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM + " from the Chart.js WebJar", e);
        }
        String version = pom.getProperty("version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException(POM + " names no version; expected the WebJar's version=...");
        }
        return version;
    }

    private static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the Chart.js WebJar", e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = ChartJs.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the classpath; expected the org.webjars.npm:chart.js "
                    + "jar (a dependency of portbench-results)");
        }
        return in;
    }
}
