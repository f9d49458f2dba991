package dev.portbench.harness.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Who and when: the run id written in every row, e.g. {@code 20261122T081502Z-labhost}. */
public record RunIdentity(String runId, String host, Instant started) {
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public static RunIdentity now() {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String host = hostName();
        return new RunIdentity(ID_TIME.format(started) + "-" + host, host, started);
    }

    public static String hostName() {
        String env = System.getenv("HOSTNAME");
        try {
            return sanitise(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return env != null && !env.isBlank() ? sanitise(env) : "unknown-host";
        }
    }

    /** Host names go into directory names: keep them to letters, digits, '.', '_' and '-'. */
    static String sanitise(String host) {
        String s = host.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "unknown-host" : s;
    }
}
