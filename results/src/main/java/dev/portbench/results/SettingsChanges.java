package dev.portbench.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What differs between two rows of one cell in how it ran, as "WHAT OLD -> NEW" phrases: {@code backend_options} key by
 * key ({@code intra_op_threads 2 -> 1}), other columns by name ({@code threads 2 -> 1}). An option only one row records
 * is kept apart: a build that knows a new option records it with its default, which is no change of how the cell ran.
 * The gate's settings check names these; the history gate names them at a change point.
 *
 * @param changed    the differences, in the order of the columns asked for, options in the first row's order
 * @param onlyBefore options only the first row records, with their values
 * @param onlyAfter  options only the second row records, with their values
 */
public record SettingsChanges(List<String> changed, Map<String, String> onlyBefore, Map<String, String> onlyAfter) {

    /** The backend option a column records again, where the backends write the same value into both. */
    private static final Map<Column, String> OPTION_OF_COLUMN = Map.of(Column.THREADS, "intra_op_threads");

    public SettingsChanges {
        changed = List.copyOf(changed);
        onlyBefore = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(onlyBefore));
        onlyAfter = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(onlyAfter));
    }

    /**
     * The changes from {@code before} to {@code after} in {@code columns}; of {@code backend_options}, only the keys
     * {@code optionKeys} accepts.
     */
    public static SettingsChanges between(ResultRow before, ResultRow after, List<Column> columns,
                                          Predicate<String> optionKeys) {
        List<String> changed = new ArrayList<>();
        List<String> optionChanges = new ArrayList<>();
        Map<String, String> onlyBefore = new LinkedHashMap<>();
        Map<String, String> onlyAfter = new LinkedHashMap<>();
        if (columns.contains(Column.BACKEND_OPTIONS)) {
            compareOptions(before.text(Column.BACKEND_OPTIONS), after.text(Column.BACKEND_OPTIONS), optionKeys,
                    optionChanges, onlyBefore, onlyAfter);
        }
        for (Column column : columns) {
            String a = before.text(column);
            String b = after.text(column);
            if (column == Column.BACKEND_OPTIONS) {
                changed.addAll(optionChanges);
            } else if (!a.equals(b) && !statedByAnOption(column, orUnset(a) + " -> " + orUnset(b), optionChanges)) {
                changed.add(column.csvName() + " " + orUnset(a) + " -> " + orUnset(b));
            }
        }
        return new SettingsChanges(changed, onlyBefore, onlyAfter);
    }

    /**
     * Whether an option change already says what a column's change says: ONNX Runtime's and DJL's threads column is
     * their {@code intra_op_threads}, so {@code intra_op_threads 2 -> 1} and {@code threads 2 -> 1} are named once.
     */
    private static boolean statedByAnOption(Column column, String change, List<String> optionChanges) {
        String option = OPTION_OF_COLUMN.get(column);
        return option != null && optionChanges.contains(option + " " + change);
    }

    /** Every phrase, the options only one row records included as {@code KEY (unset) -> VALUE}. */
    public List<String> all() {
        List<String> out = new ArrayList<>(changed);
        onlyBefore.forEach((k, v) -> out.add(k + " " + v + " -> (unset)"));
        onlyAfter.forEach((k, v) -> out.add(k + " (unset) -> " + v));
        return out;
    }

    private static void compareOptions(String before, String after, Predicate<String> keep, List<String> changed,
                                       Map<String, String> onlyBefore, Map<String, String> onlyAfter) {
        Map<String, String> a;
        Map<String, String> b;
        try {
            a = OptionsCodec.decode(before);
            b = OptionsCodec.decode(after);
        } catch (IllegalArgumentException e) { // not key=value pairs: compare the text
            if (!before.equals(after)) {
                changed.add(Column.BACKEND_OPTIONS.csvName() + " '" + before + "' -> '" + after + "'");
            }
            return;
        }
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!keep.test(k)) {
                continue;
            }
            if (!b.containsKey(k)) {
                onlyBefore.put(k, a.get(k));
            } else if (!a.containsKey(k)) {
                onlyAfter.put(k, b.get(k));
            } else if (!a.get(k).equals(b.get(k))) {
                changed.add(k + " " + orUnset(a.get(k)) + " -> " + orUnset(b.get(k)));
            }
        }
    }

    private static String orUnset(String value) {
        return value == null || value.isEmpty() ? "(unset)" : value;
    }
}
