package dev.portbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portbench.results.Column;
import dev.portbench.results.runs.SyntheticRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class GateCommandTest {

    @TempDir
    Path dir;

    private Path run(String name, double denseTokensPerS, double moeRelL2) throws IOException {
        return SyntheticRun.at(dir.resolve(name))
                .add(SyntheticRun.okRow("dense", "ort", denseTokensPerS, 5))
                .add(SyntheticRun.okRow("moe", "ort", 500, 2).set(Column.REL_L2, moeRelL2))
                .write();
    }

    @Test
    void aRunGatedAgainstItselfPassesWithExitZero() throws Exception {
        Path a = run("a", 1000, 4e-7);
        Path junit = dir.resolve("gate.xml");
        CliRunner r = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", a.toString(),
                "--junit", junit.toString(), "--markdown", dir.resolve("gate.md").toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("gate: PASS (14 checks: 12 pass, 0 fail, 0 warn, 2 skipped)"), r.out());
        assertTrue(r.out().contains("PASS throughput dense/prefill/prefill/fp32/ort: tokens/s 1.000x the baseline"),
                r.out());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        Element suite = xml.getDocumentElement();
        assertEquals("14", suite.getAttribute("tests"));
        assertEquals("2", suite.getAttribute("skipped"), "placement: no accelerator on the CPU");
        assertEquals("0", suite.getAttribute("failures"));
        assertTrue(Files.readString(dir.resolve("gate.md")).startsWith("## portbench gate: PASS\n"));
    }

    @Test
    void aPlantedDropAndADriftOverBudgetFailWithExitOneAndNameTheirCells() throws Exception {
        Path a = run("a", 1000, 4e-7);
        Path b = run("b", 900, 0.5);
        Path junit = dir.resolve("gate.xml");
        CliRunner r = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", b.toString(),
                "--junit", junit.toString(), "--markdown", dir.resolve("gate.md").toString());
        assertEquals(1, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("FAIL throughput dense/prefill/prefill/fp32/ort: tokens/s 0.900x the baseline"),
                r.out());
        assertTrue(r.out().contains("FAIL drift      moe/prefill/prefill/fp32/ort: rel_l2 0.5 > 1.00e-05"), r.out());
        assertTrue(r.out().contains("gate: FAIL (14 checks: 10 pass, 2 fail, 0 warn, 2 skipped)"), r.out());

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertEquals("2", xml.getDocumentElement().getAttribute("failures"));
        NodeList failures = xml.getElementsByTagName("failure");
        assertEquals(2, failures.getLength());
        Element first = (Element) failures.item(0).getParentNode();
        assertEquals("dense/prefill/prefill/fp32/ort", first.getAttribute("classname"));
        assertEquals("throughput", first.getAttribute("name"));
        Element second = (Element) failures.item(1).getParentNode();
        assertEquals("moe/prefill/prefill/fp32/ort", second.getAttribute("classname"));
        assertEquals("drift", second.getAttribute("name"));

        String md = Files.readString(dir.resolve("gate.md"));
        assertTrue(md.startsWith("## portbench gate: FAIL\n"), md);
        assertTrue(md.contains("| `dense/prefill/prefill/fp32/ort` | throughput | tokens/s 0.900x"), md);
    }

    @Test
    void aLooserPolicyLetsTheSameCandidatePass() throws Exception {
        Path a = run("a", 1000, 4e-7);
        Path b = run("b", 900, 0.5);
        Path policy = Files.writeString(dir.resolve("policy.yaml"),
                "throughput:\n  max_drop: 0.15\ndrift:\n  fp32:\n    max_rel_l2: 1.0\n    min_cosine: null\n");
        CliRunner r = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", b.toString(),
                "--policy", policy.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
    }

    @Test
    void badInputExitsTwoWithOneLineNamingTheFile() throws Exception {
        Path a = run("a", 1000, 4e-7);
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "memory:\n  max_rss: 0.2\n");
        CliRunner badPolicy = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", a.toString(),
                "--policy", policy.toString());
        assertEquals(2, badPolicy.exitCode());
        assertEquals("portbench: " + policy + ":2: memory.max_rss: unknown key 'max_rss'; expected one of: "
                + "max_peak_rss_growth, max_weights_growth\n", badPolicy.err());

        Path truncated = dir.resolve("truncated");
        Files.createDirectories(truncated);
        String csv = Files.readString(a.resolve("results.csv"));
        Files.writeString(truncated.resolve("results.csv"), csv.substring(0, csv.length() - 40));
        CliRunner cut = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", truncated.toString());
        assertEquals(2, cut.exitCode());
        assertEquals("portbench: " + truncated.resolve("results.csv") + ":3: the last line has no line end, so the file"
                + " was cut short; expected the file to end in a line end, as portbench ends every line (CRLF)\n",
                cut.err());
        assertEquals(1, cut.err().lines().count(), cut.err());

        CliRunner noCandidate = CliRunner.run("gate", "--baseline", a.toString());
        assertEquals(2, noCandidate.exitCode());
        assertTrue(noCandidate.err().contains("--candidate DIR is required"), noCandidate.err());

        CliRunner half = CliRunner.run("gate", "--baseline", a.toString(), "--baseline-backend", "ort");
        assertEquals(2, half.exitCode());
        assertTrue(half.err().contains("--baseline-backend and --candidate-backend go together"), half.err());
    }

    @Test
    void aBaselineWithoutRowsIsNoEvidenceAndExitsTwo() throws Exception {
        Path empty = SyntheticRun.at(dir.resolve("empty")).write(); // a run stopped before its first cell
        assertEquals(1, Files.readAllLines(empty.resolve("results.csv")).size(), "the header alone");
        Path b = run("b", 500, 4e-7);
        CliRunner r = CliRunner.run("gate", "--baseline", empty.toString(), "--candidate", b.toString());
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertEquals("portbench: " + empty.resolve("results.csv") + ": no rows; expected a baseline run that measured"
                + " cells (a run stopped before its first cell has none)\n", r.err());
    }

    @Test
    void aRunDirectoryIsNoHistory() throws Exception {
        Path a = run("a", 1000, 4e-7);
        CliRunner r = CliRunner.run("gate", "--history", a.toString());
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains(a + " is a run directory (it holds results.csv); expected RUNS_ROOT"), r.err());
    }

    @Test
    void anUnreadableEnvJsonLeavesTheVerdictAndReportsStanding() throws Exception {
        Path a = noisy("a");
        Path b = noisy("b");
        Files.writeString(b.resolve("env.json"), "{\"host\": \"lab1\", \"host_stab");
        Path junit = dir.resolve("gate.xml");
        CliRunner r = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", b.toString(), "--junit",
                junit.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("gate: 1 throughput check inconclusive; 'portbench env --stability 40s' on the"
                + " host tells whether longer measurements can decide there (docs/nightly.md); the candidate's "
                + b.resolve("env.json") + " cannot be read (Unexpected end-of-input"), r.out());
        assertTrue(r.out().contains("so whether its host was steady is unknown"), r.out());
        assertTrue(Files.isRegularFile(junit), r.out());
    }

    @Test
    void aBackendPairWithinOneRunNeedsNoCandidateDirectory() throws Exception {
        Path ab = SyntheticRun.at(dir.resolve("ab"))
                .add(SyntheticRun.okRow("dense", "ort@1.28.0", 1000, 5))
                .add(SyntheticRun.okRow("dense", "ort@1.29.0", 700, 5))
                .write();
        CliRunner r = CliRunner.run("gate", "--baseline", ab.toString(), "--baseline-backend", "ort@1.28.0",
                "--candidate-backend", "ort@1.29.0");
        assertEquals(1, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("FAIL throughput dense/prefill/prefill/fp32/ort@1.29.0: tokens/s 0.700x"), r.out());
    }

    @Test
    void theDefaultPolicyCanBePrinted() {
        CliRunner r = CliRunner.run("gate", "--print-default-policy");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("max_drop: 0.05"), r.out());
    }

    /** Two runs whose moe cell is ±20 %: too wide to rule out a 5 % drop. */
    private Path noisy(String name) throws IOException {
        return SyntheticRun.at(dir.resolve(name))
                .add(SyntheticRun.okRow("dense", "ort", 1000, 5))
                .add(SyntheticRun.okRow("moe", "ort", 500, 100))
                .write();
    }

    private static void stability(Path run, double cv, double halfWidth) throws IOException {
        Files.writeString(run.resolve("env.json"), String.format(java.util.Locale.ROOT,
                "{\"host\": \"lab1\", \"host_stability\": {\"cv\": %s, \"half_width_999\": %s}}", cv, halfWidth));
    }

    @Test
    void inconclusiveCellsOnAHostThatReadUnsteadyAreExplainedByTheHost() throws Exception {
        Path a = noisy("a");
        Path b = noisy("b");
        stability(a, 0.015, 0.022);
        stability(b, 0.133, 0.201);
        CliRunner r = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", b.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        // 0.05 / 1.95 = 2.6 %, which the baseline's 2.2 % is within; SciPy: a CV of 13.3 % reaches it at 298 forks
        assertTrue(r.out().contains("gate: 1 throughput check inconclusive; the candidate's host read unsteady before"
                + " its cells (blocks' CV 13.3 %, a half-width of 20.1 % for ten forks; forks varying as much would"
                + " need about 298 to pass): two runs of one speed with equal half-widths pass a 5 % gate only within"
                + " 2.6 % each; measure on a quieter host, or with more forks (docs/nightly.md)"), r.out());

        // a half-width of 3 %, under the 5 % drop, is still too wide for two runs of one speed to pass
        stability(a, 0.02, 0.03);
        CliRunner both = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", b.toString());
        assertTrue(both.out().contains("the baseline's host read unsteady before its cells (blocks' CV 2.0 %, a"
                + " half-width of 3.0 % for ten forks; forks varying as much would need about 12 to pass), and the"
                + " candidate's host"), both.out());

        // a candidate's host at 12 %: unsteady for a 5 % gate, steady enough for one that allows a 25 % drop (within
        // 0.25 / 1.75 = 14.3 %): the hint judges by the gate in use
        stability(a, 0.015, 0.022);
        stability(b, 0.08, 0.12);
        assertTrue(CliRunner.run("gate", "--baseline", a.toString(), "--candidate", b.toString()).out()
                .contains("the candidate's host read unsteady"));
        Path policy = Files.writeString(dir.resolve("loose.yaml"), "throughput:\n  max_drop: 0.25\n");
        CliRunner loose = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", b.toString(), "--policy",
                policy.toString());
        assertTrue(loose.out().contains("gate: 1 throughput check inconclusive; no run's host that was measured read"
                + " unsteady, so more forks or longer iterations may decide"), loose.out());

        // a gate that allows no drop: two runs of one speed never pass it, and no number of forks is named
        Path none = Files.writeString(dir.resolve("none.yaml"), "throughput:\n  max_drop: 0\n");
        CliRunner strict = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", b.toString(), "--policy",
                none.toString());
        assertEquals(0, strict.exitCode(), strict.err() + strict.out());
        assertTrue(strict.out().contains("gate: 2 throughput checks inconclusive; the baseline's host read unsteady"
                + " before its cells (blocks' CV 1.5 %, a half-width of 2.2 % for ten forks), and the candidate's host"
                + " read unsteady before its cells (blocks' CV 8.0 %, a half-width of 12.0 % for ten forks): two runs"
                + " of one speed with equal half-widths pass a 0 % gate only within 0.0 % each"), strict.out());
    }

    @Test
    void inconclusiveCellsOnSteadyOrUnmeasuredHostsPointToLongerMeasurementsOrTheStabilityCommand() throws Exception {
        Path a = noisy("a");
        Path b = noisy("b");
        CliRunner unmeasured = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", b.toString());
        assertTrue(unmeasured.out().contains("gate: 1 throughput check inconclusive; 'portbench env --stability 40s'"
                + " on the host tells whether longer measurements can decide there"), unmeasured.out());
        stability(b, 0.01, 0.02);
        CliRunner steady = CliRunner.run("gate", "--baseline", a.toString(), "--candidate", b.toString());
        assertTrue(steady.out().contains("gate: 1 throughput check inconclusive; no run's host that was measured read"
                + " unsteady, so more forks or longer iterations may decide"), steady.out());

        Path c = run("c", 1000, 4e-7);
        CliRunner decided = CliRunner.run("gate", "--baseline", c.toString(), "--candidate", c.toString());
        assertTrue(decided.out().lines().noneMatch(l -> l.contains("inconclusive")), decided.out());
    }
}
