package dev.portbench.results;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What differs between two rows of one cell in how it ran, as "WHAT OLD -> NEW" phrases: {@code backend_options} key by
 * key ({@code intra_op_threads 2 -> 1}, {@code allow_spinning (unset) -> false}), other columns by name
 * ({@code threads 2 -> 1}). The gate's settings check names these; the history gate names them at a change point.
 */
public final class SettingsChanges {
    private SettingsChanges() {
    }

    /** The changes from {@code before} to {@code after} in {@code columns}, in that order; empty when none. */
    public static List<String> between(ResultRow before, ResultRow after, List<Column> columns) {
        List<String> changes = new ArrayList<>();
        for (Column column : columns) {
            String a = before.text(column);
            String b = after.text(column);
            if (column == Column.BACKEND_OPTIONS) {
                changes.addAll(optionChanges(a, b));
            } else if (!a.equals(b)) {
                changes.add(column.csvName() + " " + orUnset(a) + " -> " + orUnset(b));
            }
        }
        return changes;
    }

    /** Every option whose value differs, in the first row's order, then the keys only the second has. */
    private static List<String> optionChanges(String before, String after) {
        Map<String, String> a;
        Map<String, String> b;
        try {
            a = OptionsCodec.decode(before);
            b = OptionsCodec.decode(after);
        } catch (IllegalArgumentException e) { // not key=value pairs: compare the text
            return before.equals(after) ? List.of()
                    : List.of(Column.BACKEND_OPTIONS.csvName() + " '" + before + "' -> '" + after + "'");
        }
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> changes = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                changes.add(k + " " + orUnset(a.get(k)) + " -> " + orUnset(b.get(k)));
            }
        }
        return changes;
    }

    private static String orUnset(String value) {
        return value == null || value.isEmpty() ? "(unset)" : value;
    }
}
