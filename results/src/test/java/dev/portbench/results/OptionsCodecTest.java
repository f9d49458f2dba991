package dev.portbench.results;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OptionsCodecTest {
    @Test
    void encodesSortedAndDecodesBack() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("b", "2");
        m.put("a", "x=y");
        assertEquals("a=x=y;b=2", OptionsCodec.encode(m));
        assertEquals(Map.of("a", "x=y", "b", "2"), OptionsCodec.decode("a=x=y;b=2"));
        assertEquals("b=2;a=x=y", OptionsCodec.encodeInOrder(m));
        assertEquals(Map.of(), OptionsCodec.decode(""));
    }

    /** A value holding the separator, or the escape character, comes back as it was. */
    @Test
    void valuesWithTheSeparatorOrPercentSignsRoundTrip() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("library_path", "/opt/a;b/lib");
        m.put("visible_devices", "0,1");
        m.put("note", "50% of %3B");
        assertEquals("library_path=/opt/a%3Bb/lib;visible_devices=0,1;note=50%25 of %253B",
                OptionsCodec.encodeInOrder(m));
        assertEquals(m, OptionsCodec.decode(OptionsCodec.encodeInOrder(m)));
        assertEquals(m, OptionsCodec.decode(OptionsCodec.encode(m)));
    }

    @Test
    void rejectsAPairWithoutKey() {
        assertThrows(IllegalArgumentException.class, () -> OptionsCodec.decode("a=1;=2"));
        assertThrows(IllegalArgumentException.class, () -> OptionsCodec.decode("novalue"));
    }
}
