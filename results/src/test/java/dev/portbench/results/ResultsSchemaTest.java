package dev.portbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResultsSchemaTest {

    @Test
    void headerHasOneNamePerColumnStartingWithTheVersion() {
        assertEquals(62, ResultsSchema.header().size());
        assertEquals("schema_version", ResultsSchema.header().get(0));
        assertEquals("cell_wall_s", ResultsSchema.header().get(47));
        assertEquals("layers", ResultsSchema.header().get(11));
        assertEquals(6, ResultsSchema.VERSION);
    }

    @Test
    void headerCannotBeModified() {
        assertThrows(UnsupportedOperationException.class, () -> ResultsSchema.header().add("extra"));
    }
}
