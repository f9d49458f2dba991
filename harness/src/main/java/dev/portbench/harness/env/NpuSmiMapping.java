package dev.portbench.harness.env;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Parser of {@code npu-smi info -m}: which device (the chip's logic id, what a runtime and {@code /dev/davinciN}
 * number) each NPU id / chip id is. They differ wherever a card has more than one chip. The columns are read from the
 * header, whose names are two or more spaces apart; the chip name, last, may itself hold a space ({@code Ascend 910A}).
 */
public record NpuSmiMapping(List<Chip> chips) {
    static final String COMMAND = "npu-smi info -m";
    private static final List<String> REQUIRED = List.of("NPU ID", "Chip ID", "Chip Logic ID");

    /** One row; {@code logicId} is null for a chip that is no device (the card's MCU, listed with {@code -}). */
    public record Chip(int npuId, int chipId, Integer logicId, String name) {
    }

    public NpuSmiMapping {
        chips = List.copyOf(chips);
    }

    /** The device id of NPU {@code npuId}'s chip {@code chipId}, empty where the mapping has none. */
    public OptionalInt logicId(int npuId, int chipId) {
        return chips.stream().filter(c -> c.npuId() == npuId && c.chipId() == chipId && c.logicId() != null)
                .mapToInt(Chip::logicId).findFirst();
    }

    public static NpuSmiMapping parse(String text) {
        String[] lines = text.split("\\R", -1);
        List<String> columns = null;
        List<Chip> chips = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (columns == null) {
                columns = Arrays.asList(line.split("\\s{2,}|\\t"));
                if (!columns.containsAll(REQUIRED) || !columns.get(columns.size() - 1).equals("Chip Name")) {
                    throw new NpuSmiFormatException(COMMAND, i + 1, line,
                            "the header naming the columns 'NPU ID', 'Chip ID', 'Chip Logic ID' and, last, 'Chip Name'");
                }
                continue;
            }
            String[] values = line.split("\\s+", columns.size());
            if (values.length != columns.size()) {
                throw new NpuSmiFormatException(COMMAND, i + 1, line, columns.size() + " columns " + columns);
            }
            chips.add(new Chip(id(values, columns, "NPU ID", i, line), id(values, columns, "Chip ID", i, line),
                    logicId(values[columns.indexOf("Chip Logic ID")], i, line), values[values.length - 1].strip()));
        }
        if (columns == null) {
            throw new NpuSmiFormatException(COMMAND, "no output; expected the header 'NPU ID  Chip ID  Chip Logic ID  "
                    + "Chip Name' and a row per chip");
        }
        return new NpuSmiMapping(chips);
    }

    private static int id(String[] values, List<String> columns, String column, int index, String line) {
        Integer id = NpuSmiNumbers.integer(values[columns.indexOf(column)]);
        if (id == null) {
            throw new NpuSmiFormatException(COMMAND, index + 1, line, column + " as a whole number");
        }
        return id;
    }

    private static Integer logicId(String value, int index, String line) {
        if (NpuSmiNumbers.isAbsent(value)) {
            return null;
        }
        Integer id = NpuSmiNumbers.integer(value);
        if (id == null) {
            throw new NpuSmiFormatException(COMMAND, index + 1, line, "Chip Logic ID as a whole number or -");
        }
        return id;
    }
}
