package dev.portbench.results;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SettingsChangesTest {

    private static ResultRow row(String options, String threads, String version) {
        return ResultRow.builder().set(Column.STATUS, CellStatus.OK).set(Column.BACKEND_OPTIONS, options)
                .set(Column.THREADS, threads)
                .set(Column.RUNTIME_VERSION, version).build();
    }

    private static final List<Column> COLUMNS = List.of(Column.RUNTIME_VERSION, Column.BACKEND_OPTIONS,
            Column.THREADS);

    @Test
    void identicalRowsHaveNoChanges() {
        ResultRow r = row("a=1;b=2", "2", "1.29.0");
        assertEquals(List.of(), SettingsChanges.between(r, r, COLUMNS, k -> true).all());
    }

    @Test
    void optionsAreComparedKeyByKeyWhateverTheirOrder() {
        assertEquals(List.of(), SettingsChanges.between(row("a=1;b=2", "2", "v"), row("b=2;a=1", "2", "v"),
                COLUMNS, k -> true).all());
        SettingsChanges c = SettingsChanges.between(row("a=1;b=2", "2", "1.28.0"), row("c=x;a=3", "1", "1.29.0"),
                COLUMNS, k -> true);
        assertEquals(List.of("runtime_version 1.28.0 -> 1.29.0", "a 1 -> 3", "threads 2 -> 1"), c.changed());
        assertEquals(Map.of("b", "2"), c.onlyBefore());
        assertEquals(Map.of("c", "x"), c.onlyAfter());
        assertEquals(List.of("runtime_version 1.28.0 -> 1.29.0", "a 1 -> 3", "threads 2 -> 1", "b 2 -> (unset)",
                "c (unset) -> x"), c.all());
    }

    @Test
    void aColumnChangeAnOptionAlreadyStatesIsNamedOnce() {
        assertEquals(List.of("intra_op_threads 2 -> 1"), SettingsChanges.between(row("intra_op_threads=2", "2", "v"),
                row("intra_op_threads=1", "1", "v"), COLUMNS, k -> true).all());
        // other values: the column says something the option does not
        assertEquals(List.of("intra_op_threads 2 -> 1", "threads 4 -> 1"), SettingsChanges.between(
                row("intra_op_threads=2", "4", "v"), row("intra_op_threads=1", "1", "v"), COLUMNS, k -> true).all());
        // another thread pool that happens to change the same way is another setting
        assertEquals(List.of("inter_op_threads 2 -> 1", "threads 2 -> 1"), SettingsChanges.between(
                row("inter_op_threads=2", "2", "v"), row("inter_op_threads=1", "1", "v"), COLUMNS, k -> true).all());
    }

    @Test
    void optionsTheFilterRejectsAreNotCompared() {
        SettingsChanges c = SettingsChanges.between(row("a=1;pytorch_version=2.7.1", "2", "v"),
                row("a=1;pytorch_version=2.8.0;new_version=1", "2", "v"), COLUMNS, k -> !k.endsWith("_version"));
        assertEquals(List.of(), c.all());
    }

    @Test
    void anEmptyColumnReadsUnsetAndOnlyTheGivenColumnsCount() {
        assertEquals(List.of("threads (unset) -> 4"), SettingsChanges.between(row("", "", "v"), row("", "4", "w"),
                List.of(Column.THREADS), k -> true).changed());
    }

    @Test
    void optionsThatAreNotKeyValuePairsAreComparedAsText() {
        assertEquals(List.of("backend_options 'fast' -> 'slow'"), SettingsChanges.between(row("fast", "1", "v"),
                row("slow", "1", "v"), List.of(Column.BACKEND_OPTIONS), k -> true).changed());
        assertEquals(List.of(), SettingsChanges.between(row("fast", "1", "v"), row("fast", "1", "v"),
                List.of(Column.BACKEND_OPTIONS), k -> true).all());
    }
}
