package dev.portbench.results.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Markdown tables whose cells cannot break the table or inject markup, whatever a name in results.csv holds. */
final class Markdown {

    private Markdown() {
    }

    /** Escapes table separators, emphasis and link syntax, and HTML; a line break becomes a space. */
    static String text(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '|', '*', '_', '`', '[', ']', '#' -> out.append('\\').append(c);
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A link to a file next to the summary (or a {@code file:} URI), its text escaped and its target encoded. */
    static String link(String fileName) {
        String target = fileName.startsWith("file:") ? fileName
                : URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return "[" + text(fileName) + "](" + target.replace("(", "%28").replace(")", "%29") + ")";
    }

    static void table(StringBuilder out, List<String> headers, List<List<String>> rows) {
        row(out, headers);
        out.append('|');
        headers.forEach(h -> out.append("---|"));
        out.append('\n');
        rows.forEach(r -> row(out, r));
        out.append('\n');
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append('|');
        cells.forEach(c -> out.append(' ').append(text(c)).append(" |"));
        out.append('\n');
    }
}
