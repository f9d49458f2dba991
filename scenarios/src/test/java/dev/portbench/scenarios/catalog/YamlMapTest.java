package dev.portbench.scenarios.catalog;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader on a suite-like file, to show it carries no scenario knowledge. */
class YamlMapTest {
    private static final String SUITE = """
            suite: quick
            repeats: 3
            big: 12_345_678_901
            eps: 1e-5
            theta: 10000
            warm: true
            scenarios: [dense-tiny, "moe-tiny"]
            cells:
              - {backend: reference, threads: 2}
              - backend: ort
            options:
              fast: yes
            nothing:
            """;

    private final YamlMap suite = YamlLoader.readMap("suite.yaml", new StringReader(SUITE));

    private static YamlMap read(String yaml) {
        return YamlLoader.readMap("s.yaml", new StringReader(yaml));
    }

    private static void assertError(String expectedMessage, Runnable read) {
        CatalogException e = assertThrows(CatalogException.class, read::run);
        assertEquals(expectedMessage, e.getMessage());
    }

    @Test
    void readsEachTypeAndKeepsFileOrder() {
        assertEquals(List.of("suite", "repeats", "big", "eps", "theta", "warm", "scenarios", "cells", "options",
                "nothing"), List.copyOf(suite.keys()));
        assertEquals("quick", suite.requiredString("suite"));
        assertEquals(3, suite.requiredInt("repeats"));
        assertEquals(12_345_678_901L, suite.requiredLong("big"));
        assertEquals(1e-5, suite.requiredDouble("eps"));
        assertEquals(10_000.0, suite.requiredDouble("theta"));
        assertTrue(suite.optionalBoolean("warm", false));
        assertEquals(List.of("dense-tiny", "moe-tiny"), suite.requiredListOfStrings("scenarios"));
    }

    @Test
    void optionalsFallBackOnlyWhenTheKeyIsAbsent() {
        assertEquals(5, suite.optionalInt("absent", 5));
        assertEquals(3, suite.optionalInt("repeats", 5));
        assertEquals(-1L, suite.optionalLong("absent", -1L));
        assertEquals(0.5, suite.optionalDouble("absent", 0.5));
        assertEquals(Optional.empty(), suite.optionalString("absent"));
        assertEquals(List.of(), suite.optionalListOfStrings("absent"));
        assertFalse(suite.optionalMap("absent").isPresent());
        assertError("suite.yaml:13: nothing: expected an integer, got an empty value",
                () -> suite.optionalInt("nothing", 1));
    }

    @Test
    void nestedMapsAndListsCarryDottedPathsAndLines() {
        List<YamlMap> cells = suite.requiredListOfMaps("cells");
        assertEquals("cells[1]", cells.get(1).path());
        assertEquals(10, cells.get(1).line());
        assertEquals(2, cells.get(0).requiredInt("threads"));
        assertError("suite.yaml:10: cells[1].threads: missing; expected an integer",
                () -> cells.get(1).requiredInt("threads"));
        YamlMap options = suite.requiredMap("options");
        assertEquals(11, options.line(), "a nested mapping's errors point at its key");
        assertError("suite.yaml:12: options.fast: expected true or false, got 'yes'",
                () -> options.optionalBoolean("fast", false));
    }

    @Test
    void unknownKeysAreNamedWithTheAllowedOnes() {
        assertError("suite.yaml:2: repeats: unknown key 'repeats'; expected one of: suite, big",
                () -> suite.rejectUnknownKeys(List.of("suite", "big")));
    }

    @Test
    void integersAreDecimalAndInRange() {
        assertEquals(1000, read("n: 1_000").requiredInt("n"));
        assertEquals(-7, read("n: -7").requiredInt("n"));
        assertError("s.yaml:1: n: expected an integer without leading zeros, got '010'",
                () -> read("n: 010").requiredInt("n"));
        assertError("s.yaml:1: n: expected an integer, got '0x10'", () -> read("n: 0x10").requiredInt("n"));
        assertError("s.yaml:1: n: expected an integer, got '1e3'", () -> read("n: 1e3").requiredInt("n"));
        assertEquals(Integer.MAX_VALUE, read("n: 2147483647").requiredInt("n"));
        assertError("s.yaml:1: n: expected an integer between -2147483648 and 2147483647, got '2147483648'",
                () -> read("n: 2147483648").requiredInt("n"));
        assertError("s.yaml:1: n: expected an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE
                + ", got '9223372036854775808'", () -> read("n: 9223372036854775808").requiredLong("n"));
    }

    @Test
    void numbersAreFiniteDecimals() {
        assertEquals(0.5, read("x: .5").requiredDouble("x"));
        assertEquals(-2.5e-3, read("x: -2.5E-3").requiredDouble("x"));
        assertEquals(1e6, read("x: 1_000_000").requiredDouble("x"));
        assertError("s.yaml:1: x: expected a number such as 10000, 0.5 or 1e-5, got '.inf'",
                () -> read("x: .inf").requiredDouble("x"));
        assertError("s.yaml:1: x: expected a number such as 10000, 0.5 or 1e-5, got 'NaN'",
                () -> read("x: NaN").requiredDouble("x"));
        assertError("s.yaml:1: x: expected a number within the range of a double, got '1e999'",
                () -> read("x: 1e999").requiredDouble("x"));
        assertError("s.yaml:1: x: expected a number, got the quoted string '1.5'",
                () -> read("x: \"1.5\"").requiredDouble("x"));
    }

    @Test
    void stringsAcceptAnyScalarButNotStructures() {
        assertEquals("42", read("s: 42").requiredString("s"));
        assertEquals("null", read("s: 'null'").requiredString("s"));
        assertError("s.yaml:1: s: expected a string, got an empty value", () -> read("s: ~").requiredString("s"));
        assertError("s.yaml:1: s: expected a string, got a mapping", () -> read("s: {a: 1}").requiredString("s"));
        assertError("s.yaml:1: s[1]: expected a string, got a list", () -> read("s: [a, [b]]").requiredListOfStrings("s"));
    }

    @Test
    void duplicateKeysAreRejectedAtAnyDepth() {
        assertError("s.yaml:3: a.b: duplicate key 'b' (first at line 2); expected each key once",
                () -> read("a:\n  b: 1\n  b: 2\n"));
        assertError("s.yaml:1: l[0].k: duplicate key 'k' (first at line 1); expected each key once",
                () -> read("l: [{k: 1, k: 2}]\n"));
    }

    @Test
    void aliasesAreReadAsTheValueTheyPointAt() {
        assertEquals(64, read("a: &w 64\nb: *w\n").requiredInt("b"));
    }
}
