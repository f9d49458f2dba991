package dev.portbench.harness.env;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Key : value} listing that {@code npu-smi info -t TYPE -i N} prints: a card block ({@code NPU ID},
 * {@code Chip Count}), then one block per chip, blocks apart by blank lines. The chip's {@code Chip ID} may close its
 * block ({@code -t usages}, {@code -t power}) or open it ({@code -t common}); a block naming a {@code Chip Name} but
 * no {@code Chip ID} is the card's MCU and carries no chip reading.
 */
final class NpuSmiKeyValues {
    private static final Pattern KEY_VALUE = Pattern.compile("(\\S.*?)\\s*:\\s*(.*)");

    /** A value and the line it stood on, so that a value that is not a number can be reported where it is. */
    record Value(String text, int lineNumber, String line) {
    }

    /** One chip's block. */
    record ChipBlock(int npuId, int chipId, Map<String, Value> values) {
    }

    private NpuSmiKeyValues() {
    }

    static List<ChipBlock> parse(String command, String text) {
        List<ChipBlock> chips = new ArrayList<>();
        Integer npuId = null;
        String[] lines = text.split("\\R", -1);
        Map<String, Value> block = new LinkedHashMap<>();
        int blockStart = 0;
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i].strip() : "";
            if (!line.isEmpty()) {
                Matcher kv = KEY_VALUE.matcher(line);
                if (!kv.matches()) {
                    throw new NpuSmiFormatException(command, i + 1, line, "a line 'Key : value'");
                }
                if (block.isEmpty()) {
                    blockStart = i + 1;
                }
                if (block.put(kv.group(1), new Value(kv.group(2).strip(), i + 1, line)) != null) {
                    throw new NpuSmiFormatException(command, i + 1, line, "each key once per block (blocks are apart "
                            + "by blank lines), but '" + kv.group(1) + "' came again");
                }
                continue;
            }
            if (block.isEmpty()) {
                continue;
            }
            Value npu = block.remove("NPU ID");
            block.remove("Chip Count");
            if (npu != null) {
                npuId = integer(command, npu, "NPU ID");
            }
            Value chip = block.remove("Chip ID");
            if (chip != null) {
                if (npuId == null) {
                    throw new NpuSmiFormatException(command, chip.lineNumber(), chip.line(),
                            "the card's 'NPU ID : <n>' before its first chip");
                }
                chips.add(new ChipBlock(npuId, integer(command, chip, "Chip ID"), Map.copyOf(block)));
            } else if (!block.isEmpty() && !block.containsKey("Chip Name")) {
                throw new NpuSmiFormatException(command, "the block from line " + blockStart + " has readings "
                        + block.keySet() + " but neither 'Chip ID' nor 'Chip Name'; expected every reading to be "
                        + "a chip's or the MCU's");
            }
            block = new LinkedHashMap<>();
        }
        return chips;
    }

    /** The named value as a whole number, null where absent or NA. */
    static Long optionalLong(String command, ChipBlock chip, String key) {
        Value v = chip.values().get(key);
        if (v == null || NpuSmiNumbers.isAbsent(v.text())) {
            return null;
        }
        if (!v.text().matches("\\d{1,18}")) {
            throw new NpuSmiFormatException(command, v.lineNumber(), v.line(), key + " as a whole number or NA");
        }
        return Long.parseLong(v.text());
    }

    /** The named value as a decimal, null where absent or NA. */
    static Double optionalDecimal(String command, ChipBlock chip, String key) {
        Value v = chip.values().get(key);
        if (v == null || NpuSmiNumbers.isAbsent(v.text())) {
            return null;
        }
        Double d = NpuSmiNumbers.decimal(v.text());
        if (d == null) {
            throw new NpuSmiFormatException(command, v.lineNumber(), v.line(), key + " as a number or NA");
        }
        return d;
    }

    private static int integer(String command, Value v, String key) {
        Integer n = NpuSmiNumbers.integer(v.text());
        if (n == null) {
            throw new NpuSmiFormatException(command, v.lineNumber(), v.line(), key + " as a whole number");
        }
        return n;
    }
}
