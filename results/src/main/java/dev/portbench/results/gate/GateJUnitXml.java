package dev.portbench.results.gate;

import dev.portbench.results.TextFiles;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The gate as JUnit XML for CI test-report views: one {@code <testcase>} per cell and check, classname = the cell
 * ({@code scenario/workload/phase/dtype/backend}), name = the check. FAIL is a {@code <failure>}, SKIP a
 * {@code <skipped>}, WARN a passing case whose {@code <system-out>} carries the warning. Escaping is the StAX
 * writer's, so messages holding {@code <}, {@code &} or quotes stay well-formed.
 */
public final class GateJUnitXml {

    private GateJUnitXml() {
    }

    public static String render(GateReport report) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            Map<Outcome, Long> counts = report.counts();
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "portbench gate");
            xml.writeAttribute("tests", Integer.toString(report.results().size()));
            xml.writeAttribute("failures", Long.toString(counts.get(Outcome.FAIL)));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", Long.toString(counts.get(Outcome.SKIP)));
            xml.writeCharacters("\n");
            xml.writeStartElement("properties");
            property(xml, "baseline", report.baseline());
            property(xml, "candidate", report.candidate());
            property(xml, "policy", report.policy());
            xml.writeEndElement();
            xml.writeCharacters("\n");
            for (CheckResult result : report.results()) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", result.cell().label());
                xml.writeAttribute("name", result.check().id());
                switch (result.outcome()) {
                    case FAIL -> element(xml, "failure", result.message());
                    case SKIP -> element(xml, "skipped", result.message());
                    case WARN -> {
                        xml.writeStartElement("system-out");
                        xml.writeCharacters("WARN: " + result.message());
                        xml.writeEndElement();
                    }
                    case PASS -> { }
                }
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException cannotHappen) { // writing to a StringWriter
            throw new IllegalStateException("could not render the gate's JUnit XML", cannotHappen);
        }
        return text.toString();
    }

    public static void write(GateReport report, Path file) throws IOException {
        TextFiles.writeAtomically(file, render(report));
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value);
    }

    private static void element(XMLStreamWriter xml, String name, String message) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeAttribute("message", message);
        xml.writeEndElement();
    }
}
