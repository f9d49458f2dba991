package dev.portbench.results.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portbench.results.runs.CellKey;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class GateJUnitXmlTest {

    private static final CellKey CELL = new CellKey("dense", "prefill", "prefill", "fp32", "ort");

    private static GateReport report() {
        return new GateReport("runs/a", "runs/b", "policy.yaml", List.of(
                new CheckResult(CELL, GateCheck.PRESENCE, Outcome.PASS, "in both runs"),
                new CheckResult(CELL, GateCheck.THROUGHPUT, Outcome.FAIL, "a <drop> & \"worse\" | 10%"),
                new CheckResult(CELL, GateCheck.MEMORY, Outcome.WARN, "inconclusive"),
                new CheckResult(CELL, GateCheck.DRIFT, Outcome.SKIP, "not OK")));
    }

    @Test
    void oneTestCasePerCheckWithFailuresAndSkipsCountedAndMessagesEscaped() throws Exception {
        String xml = GateJUnitXml.render(report());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        assertEquals(4, doc.getElementsByTagName("testcase").getLength());
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertEquals("a <drop> & \"worse\" | 10%", failure.getAttribute("message"));
        assertEquals("dense/prefill/prefill/fp32/ort", ((Element) failure.getParentNode()).getAttribute("classname"));
        assertEquals("throughput", ((Element) failure.getParentNode()).getAttribute("name"));
        assertEquals("WARN: inconclusive", doc.getElementsByTagName("system-out").item(0).getTextContent());
    }

    @Test
    void markdownListsFailuresAndWarningsWithTableSafeText() {
        String md = GateMarkdown.render(report());
        assertTrue(md.startsWith("## portbench gate: FAIL\n\n- baseline: `runs/a`\n"), md);
        assertTrue(md.contains("- checks: 1 pass, 1 fail, 1 warn, 1 skipped\n"), md);
        assertTrue(md.contains("### Failures\n\n| cell | check | why |\n|---|---|---|\n"
                + "| `dense/prefill/prefill/fp32/ort` | throughput | a &lt;drop> & \"worse\" \\| 10% |\n"), md);
        assertTrue(md.contains("### Warnings\n"), md);
    }
}
