package dev.portbench.results.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    @Test
    void markupCharactersAreUnicodeEscapesSoAScriptElementCannotBeClosed() {
        assertEquals("\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u0027 \\\" \\\\ \\u2028\"",
                Json.write("</script><!-- & ' \" \\ \u2028"));
    }

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("\"a\\nb\\tc\\u0001\"", Json.write("a\nb\tc\u0001"));
    }

    @Test
    void numbersAreLocaleFreeAndNotMeasuredIsNull() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("values", Arrays.asList(1.5, null, Double.NaN, Double.POSITIVE_INFINITY, 1e-7));
        map.put("n", 3);
        map.put("log", true);
        assertEquals("{\"values\":[1.5,null,null,null,1.0E-7],\"n\":3,\"log\":false}".replace("false", "true"),
                Json.write(map));
    }

    @Test
    void otherTypesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(new Object())));
    }
}
