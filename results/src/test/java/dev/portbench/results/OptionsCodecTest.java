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

    @Test
    void rejectsAPairWithoutKey() {
        assertThrows(IllegalArgumentException.class, () -> OptionsCodec.decode("a=1;=2"));
        assertThrows(IllegalArgumentException.class, () -> OptionsCodec.decode("novalue"));
    }
}
