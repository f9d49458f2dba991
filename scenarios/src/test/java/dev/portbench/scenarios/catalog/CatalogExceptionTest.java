package dev.portbench.scenarios.catalog;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CatalogExceptionTest {

    @Test
    void messageIsSourceLineFieldProblem() {
        CatalogException e = new CatalogException("my.yaml", 7, "model.heads", "expected an integer, got 'abc'");
        assertEquals("my.yaml:7: model.heads: expected an integer, got 'abc'", e.getMessage());
        assertEquals("my.yaml", e.source());
        assertEquals(7, e.line());
        assertEquals("model.heads", e.field());
        assertEquals("expected an integer, got 'abc'", e.problem());
    }

    @Test
    void fieldAndLineAreLeftOutWhenNoneApplies() {
        assertEquals("my.yaml:3: invalid YAML: x", new CatalogException("my.yaml", 3, "", "invalid YAML: x").getMessage());
        assertEquals("", new CatalogException("my.yaml", 3, null, "p").field());
        assertEquals("gone.yaml: cannot read the file: no such file",
                new CatalogException("gone.yaml", 0, "", "cannot read the file: no such file").getMessage());
    }

    @Test
    void multiLineProblemsBecomeOneLine() {
        CatalogException e = new CatalogException("a.yaml", 2, "f", "first line\n  second line\r\nthird\n");
        assertEquals("a.yaml:2: f: first line second line third", e.getMessage());
        assertEquals("first line second line third", e.problem());
    }
}
