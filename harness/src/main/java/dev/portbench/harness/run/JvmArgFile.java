package dev.portbench.harness.run;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The text of a Java launcher argument file ({@code java @FILE}): each argument on its own line, in double quotes,
 * with backslashes and quotes escaped, so paths with spaces or quotes arrive as they were.
 */
final class JvmArgFile {
    private JvmArgFile() {
    }

    static String encode(List<String> args) {
        return args.stream().map(a -> "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining("\n"));
    }
}
