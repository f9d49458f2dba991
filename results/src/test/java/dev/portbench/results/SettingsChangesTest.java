package dev.portbench.results;

import org.junit.jupiter.api.Test;

import java.util.List;

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
        assertEquals(List.of(), SettingsChanges.between(r, r, COLUMNS));
    }

    @Test
    void optionsAreComparedKeyByKeyWhateverTheirOrder() {
        assertEquals(List.of(), SettingsChanges.between(row("a=1;b=2", "2", "v"), row("b=2;a=1", "2", "v"),
                COLUMNS));
        assertEquals(List.of("runtime_version 1.28.0 -> 1.29.0", "a 1 -> 3", "b 2 -> (unset)", "c (unset) -> x",
                        "threads 2 -> 1"),
                SettingsChanges.between(row("a=1;b=2", "2", "1.28.0"), row("c=x;a=3", "1", "1.29.0"), COLUMNS));
    }

    @Test
    void anEmptyColumnReadsUnsetAndOnlyTheGivenColumnsCount() {
        assertEquals(List.of("threads (unset) -> 4"), SettingsChanges.between(row("", "", "v"), row("", "4", "w"),
                List.of(Column.THREADS)));
    }

    @Test
    void optionsThatAreNotKeyValuePairsAreComparedAsText() {
        assertEquals(List.of("backend_options 'fast' -> 'slow'"), SettingsChanges.between(row("fast", "1", "v"),
                row("slow", "1", "v"), List.of(Column.BACKEND_OPTIONS)));
        assertEquals(List.of(), SettingsChanges.between(row("fast", "1", "v"), row("fast", "1", "v"),
                List.of(Column.BACKEND_OPTIONS)));
    }
}
