package dev.portbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadsheetSafeTest {

    @Test
    void formulaStartsGetAnApostropheAndEverythingElseIsKept() {
        assertEquals("'=1+2", SpreadsheetSafe.text("=1+2"));
        assertEquals("'+cmd|' /C calc'!A0", SpreadsheetSafe.text("+cmd|' /C calc'!A0"));
        assertEquals("'-2+3", SpreadsheetSafe.text("-2+3"));
        assertEquals("'@SUM(A1)", SpreadsheetSafe.text("@SUM(A1)"));
        assertEquals("'\tx", SpreadsheetSafe.text("\tx"));
        assertEquals("'\rx", SpreadsheetSafe.text("\rx"));
        assertEquals("onnxruntime-cpu@1.29.0", SpreadsheetSafe.text("onnxruntime-cpu@1.29.0"));
        assertEquals("a=b", SpreadsheetSafe.text("a=b"));
        assertEquals("", SpreadsheetSafe.text(""));
        assertEquals("", SpreadsheetSafe.text(null));
    }

    @Test
    void reportCsvNeutralisesTextButWritesNegativeNumbersAsNumbers() {
        ReportCsv csv = new ReportCsv(List.of("name", "delta", "count"));
        csv.row().text("=HYPERLINK(\"x\")").number(-0.25).integer(-3).end();
        csv.row().text("ok").number(Double.NaN).integer(java.util.OptionalLong.empty()).end();
        assertEquals("name,delta,count\r\n\"'=HYPERLINK(\"\"x\"\")\",-0.25,-3\r\nok,,\r\n", csv.render());
    }
}
