package dev.portbench.harness.cli;

import dev.portbench.harness.report.HeadlessChromium;
import dev.portbench.harness.report.ReportPageCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code portbench check-report FILE.html}: loads a report page in headless Chromium and checks what its scripts
 * recorded: no script errors, every chart it expects drawn. Exit 0 when clean, 1 with each problem on a line, 2 when
 * the file or the browser is missing.
 */
@Command(name = "check-report", mixinStandardHelpOptions = true,
        description = "Loads a report page in headless Chromium: exit 0 when it loads with no script errors and "
                + "draws every chart, 1 otherwise; 2 for a missing file, a file that is no report page, or no"
                + " browser.")
final class CheckReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.html", description = "a page written by portbench report")
    Path page;

    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "how long the browser may take (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!Files.isRegularFile(page)) {
            throw new UsageException(page + ": no such file; expected a page written by portbench report");
        }
        // before a browser spends seconds on it; Latin-1 reads any bytes, and the marker is ASCII
        if (!ReportPageCheck.isReportPage(new String(Files.readAllBytes(page), StandardCharsets.ISO_8859_1))) {
            throw new UsageException(page + ": not a page written by portbench report (it has no status line,"
                    + " <p id=\"report-status\">); expected the .html file 'portbench report --out' wrote");
        }
        HeadlessChromium browser = HeadlessChromium.find().orElseThrow(() -> new UsageException(
                "no headless browser found; looked for " + HeadlessChromium.searched()));
        ReportPageCheck check = ReportPageCheck.of(browser.dumpDom(page, timeout));
        PrintWriter out = spec.commandLine().getOut();
        out.println(page + ": " + check.summary());
        check.problems().forEach(p -> out.println("  " + p));
        out.flush();
        return check.ok() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
