package dev.portbench.results.history;

import java.util.List;
import java.util.Locale;

/** The history gate's findings as a Markdown summary: the verdict, then a row per cell that did not simply pass. */
public final class HistoryMarkdown {
    private HistoryMarkdown() {
    }

    public static String render(List<HistoryGate.Finding> findings) {
        StringBuilder b = new StringBuilder();
        long failed = findings.stream().filter(f -> f.outcome() == dev.portbench.results.gate.Outcome.FAIL).count();
        b.append(String.format(Locale.ROOT, "## portbench history gate: %s%n%n", failed == 0 ? "PASS" : "FAIL"));
        b.append(String.format(Locale.ROOT, "%d cell series, %d failed.%n%n", findings.size(), failed));
        List<HistoryGate.Finding> shown = findings.stream()
                .filter(f -> f.outcome() != dev.portbench.results.gate.Outcome.PASS).toList();
        if (shown.isEmpty()) {
            return b.toString();
        }
        b.append("| outcome | host | cell | finding |\n|---|---|---|---|\n");
        for (HistoryGate.Finding f : shown) {
            b.append("| ").append(f.outcome()).append(" | ").append(cell(f.host())).append(" | ")
                    .append(cell(f.key().label())).append(" | ").append(cell(f.message())).append(" |\n");
        }
        return b.toString();
    }

    /** A table cell: a pipe would end it early. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
