package dev.portbench.results.gate;

import dev.portbench.results.TextFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The gate as a Markdown summary for a CI job page or a pull request: the verdict, counts per outcome, then every
 * failure and warning with its cell, check and reason. Passing checks are only counted, so the page stays short.
 */
public final class GateMarkdown {

    private GateMarkdown() {
    }

    public static String render(GateReport report) {
        StringBuilder md = new StringBuilder();
        Map<Outcome, Long> counts = report.counts();
        md.append("## portbench gate: ").append(report.passed() ? "PASS" : "FAIL").append("\n\n");
        md.append("- baseline: `").append(code(report.baseline())).append("`\n");
        md.append("- candidate: `").append(code(report.candidate())).append("`\n");
        md.append("- policy: `").append(code(report.policy())).append("`\n");
        md.append("- checks: ").append(counts.get(Outcome.PASS)).append(" pass, ").append(counts.get(Outcome.FAIL))
                .append(" fail, ").append(counts.get(Outcome.WARN)).append(" warn, ").append(counts.get(Outcome.SKIP))
                .append(" skipped\n\n");
        section(md, "Failures", report.with(Outcome.FAIL));
        section(md, "Warnings", report.with(Outcome.WARN));
        return md.toString();
    }

    public static void write(GateReport report, Path file) throws IOException {
        TextFiles.writeAtomically(file, render(report));
    }

    private static void section(StringBuilder md, String title, List<CheckResult> results) {
        if (results.isEmpty()) {
            return;
        }
        md.append("### ").append(title).append("\n\n| cell | check | why |\n|---|---|---|\n");
        for (CheckResult r : results) {
            md.append("| `").append(code(r.cell().label())).append("` | ").append(r.check().id()).append(" | ")
                    .append(cell(r.message())).append(" |\n");
        }
        md.append('\n');
    }

    /** Inside a code span a backtick would end it. */
    private static String code(String text) {
        return text.replace('`', '\'');
    }

    /** A table cell: pipes would split it and line breaks would end the row; HTML in it is shown, not rendered. */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\r", " ")
                .replace("\n", " ");
    }
}
