package dev.portbench.harness.env;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code npu-smi info} prints: its own version, the {@code Version:} beside it, and the chips of its table.
 * Columns are found by the {@code |} between them and the spacing inside them is free, since it differs between
 * versions (and a 5-digit value closes up on its slash: {@code 31877/ 65536}). Borders, the version line, the two
 * header lines and the process table are understood; any other line is an {@link NpuSmiFormatException}.
 */
public record NpuSmiInfo(String npuSmiVersion, String version, List<NpuChip> chips) {
    static final String COMMAND = "npu-smi info";

    public NpuSmiInfo {
        chips = List.copyOf(chips);
    }

    private static final Pattern BORDER = Pattern.compile("\\+[-=+]+\\+");
    private static final Pattern VERSION = Pattern.compile("\\|\\s*npu-smi\\s+(\\S+)\\s+Version:\\s*(\\S+)\\s*\\|");
    private static final Pattern NPU_HEADER = Pattern.compile("NPU\\s+Name");
    private static final Pattern NPU_HEADER_VALUES =
            Pattern.compile("Power\\(W\\)\\s+Temp\\(C\\)\\s+Hugepages-Usage\\(page\\)");
    private static final Pattern CHIP_HEADER = Pattern.compile("Chip(?:\\s+(Phy-ID|Device))?");
    private static final Pattern CHIP_HEADER_VALUES =
            Pattern.compile("AICore\\(%\\)\\s+Memory-Usage\\(MB\\)(\\s+HBM-Usage\\(MB\\))?");
    private static final Pattern PROCESS_HEADER = Pattern.compile("NPU\\s+Chip");
    private static final Pattern NO_PROCESSES = Pattern.compile("No running processes found in NPU \\d+");
    private static final Pattern TWO_IDS = Pattern.compile("\\d+\\s+\\d+");
    private static final Pattern BUS_ID = Pattern.compile("\\p{XDigit}{4}:\\p{XDigit}{2}:\\p{XDigit}{2}\\.\\p{XDigit}");
    private static final Pattern NPU_ID_NAME = Pattern.compile("(\\d+)\\s+(\\S.*)");
    private static final Pattern HEALTH = Pattern.compile("[A-Za-z]+");
    private static final Pattern NPU_VALUES = Pattern.compile("(\\S+)\\s+(\\S+)\\s+\\d+\\s*/\\s*\\d+");
    private static final Pattern CHIP_IDS = Pattern.compile("(\\d+)(?:\\s+(\\d+))?");
    private static final String USED_OF_TOTAL = "(\\d+)\\s*/\\s*(\\d+)";
    private static final Pattern CHIP_VALUES =
            Pattern.compile("(\\S+)\\s+" + USED_OF_TOTAL + "(?:\\s+" + USED_OF_TOTAL + ")?");

    /** Parses the whole output of {@code npu-smi info}; throws {@link NpuSmiFormatException} on a line it cannot read. */
    public static NpuSmiInfo parse(String text) {
        return new Reader().read(text);
    }

    /** Reads the table line by line, remembering which part of it the line is in. */
    private static final class Reader {
        private enum Part { BEFORE_HEADER, CHIPS, PROCESSES }

        private Part part = Part.BEFORE_HEADER;
        private boolean npuHeaderSeen;
        private boolean hasPhysicalId;
        private boolean hasHbm;
        private String npuSmiVersion;
        private String version;
        private final List<NpuChip> chips = new ArrayList<>();
        // The NPU row the next chip row belongs to (npu-smi repeats it above every chip, or lists it once).
        private NpuRow npu;
        private int npuLineNumber;
        private boolean npuHasChip;
        private int lineNumber;
        private String line;

        private record NpuRow(int npuId, String name, String health, Double powerW, Integer temperatureC) {
        }

        NpuSmiInfo read(String text) {
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                lineNumber = i + 1;
                line = lines[i].strip();
                if (!line.isEmpty() && !BORDER.matcher(line).matches()) {
                    readLine();
                }
            }
            if (part == Part.BEFORE_HEADER) {
                throw new NpuSmiFormatException(COMMAND, "no chip table: the header '| Chip ... | Bus-Id | AICore(%) "
                        + "Memory-Usage(MB) ... |' never came (" + lines.length + " lines)");
            }
            requireChipOfPendingNpu();
            return new NpuSmiInfo(npuSmiVersion, version, chips);
        }

        private void readLine() {
            Matcher v = VERSION.matcher(line);
            if (v.matches()) {
                npuSmiVersion = v.group(1);
                version = v.group(2);
                return;
            }
            String[] cells = cells();
            if (cells.length >= 2 && PROCESS_HEADER.matcher(cells[0]).matches() && cells[1].equals("Process id")) {
                requireChipOfPendingNpu();
                part = Part.PROCESSES;
                return;
            }
            switch (part) {
                case BEFORE_HEADER -> readHeader(cells);
                case CHIPS -> readChipTableRow(cells);
                case PROCESSES -> readProcessRow(cells);
            }
        }

        private String[] cells() {
            if (line.length() < 2 || !line.startsWith("|") || !line.endsWith("|")) {
                return new String[0];
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].strip();
            }
            return cells;
        }

        private void readHeader(String[] cells) {
            if (cells.length == 3 && NPU_HEADER.matcher(cells[0]).matches() && cells[1].equals("Health")
                    && NPU_HEADER_VALUES.matcher(cells[2]).matches()) {
                npuHeaderSeen = true;
                return;
            }
            Matcher ids = cells.length == 3 ? CHIP_HEADER.matcher(cells[0]) : null;
            Matcher values = cells.length == 3 ? CHIP_HEADER_VALUES.matcher(cells[2]) : null;
            if (npuHeaderSeen && ids != null && ids.matches() && cells[1].equals("Bus-Id") && values.matches()) {
                hasPhysicalId = ids.group(1) != null;
                hasHbm = values.group(1) != null;
                part = Part.CHIPS;
                return;
            }
            throw unexpected(npuHeaderSeen
                    ? "the header '| Chip [Phy-ID|Device] | Bus-Id | AICore(%) Memory-Usage(MB) [HBM-Usage(MB)] |'"
                    : "a border, the version line or the header '| NPU Name | Health | Power(W) Temp(C) "
                    + "Hugepages-Usage(page) |'");
        }

        private void readChipTableRow(String[] cells) {
            if (cells.length == 3 && BUS_ID.matcher(cells[1]).matches()) {
                readChipRow(cells);
            } else if (cells.length == 3) {
                readNpuRow(cells);
            } else {
                throw unexpected("an NPU row '| <npu> <name> | <health> | <power> <temp> <used> / <total> |' or a chip "
                        + "row '| <chip>" + (hasPhysicalId ? " <phy-id>" : "") + " | <bus-id> | <aicore> <used> / "
                        + "<total>" + (hasHbm ? " <hbm used> / <hbm total>" : "") + " |'");
            }
        }

        private void readNpuRow(String[] cells) {
            Matcher idName = NPU_ID_NAME.matcher(cells[0]);
            Matcher values = NPU_VALUES.matcher(cells[2]);
            if (!idName.matches() || !HEALTH.matcher(cells[1]).matches() || !values.matches()) {
                throw unexpected("an NPU row '| <npu> <name> | <health> | <power> <temp> <used> / <total> |'");
            }
            requireChipOfPendingNpu();
            npu = new NpuRow(Integer.parseInt(idName.group(1)), idName.group(2), cells[1],
                    optionalDecimal(values.group(1), "power (W)"),
                    optionalInteger(values.group(2), "temperature (C)"));
            npuLineNumber = lineNumber;
            npuHasChip = false;
        }

        private void readChipRow(String[] cells) {
            Matcher ids = CHIP_IDS.matcher(cells[0]);
            Matcher values = CHIP_VALUES.matcher(cells[2]);
            if (!ids.matches() || (ids.group(2) != null) != hasPhysicalId || !values.matches()
                    || (values.group(4) != null) != hasHbm) {
                throw unexpected("a chip row '| <chip>" + (hasPhysicalId ? " <phy-id>" : "") + " | <bus-id> | "
                        + "<aicore> <used> / <total>" + (hasHbm ? " <hbm used> / <hbm total>" : "")
                        + " |', as the header announced");
            }
            if (npu == null) {
                throw unexpected("an NPU row '| <npu> <name> | <health> | ... |' before the first chip row");
            }
            NpuChip.UsedOfTotal hbm = hasHbm ? usedOfTotal(values.group(4), values.group(5)) : null;
            chips.add(new NpuChip(npu.npuId(), Integer.parseInt(ids.group(1)),
                    hasPhysicalId ? Integer.valueOf(ids.group(2)) : null, npu.name(), npu.health(), npu.powerW(),
                    npu.temperatureC(), optionalInteger(values.group(1), "AICore (%)"),
                    usedOfTotal(values.group(2), values.group(3)), hbm, cells[1]));
            npuHasChip = true;
        }

        private void readProcessRow(String[] cells) {
            boolean none = cells.length == 1 && NO_PROCESSES.matcher(cells[0]).matches();
            boolean process = cells.length >= 4 && TWO_IDS.matcher(cells[0]).matches() && cells[1].matches("\\d+");
            if (!none && !process) {
                throw unexpected("a process row '| <npu> <chip> | <pid> | <name> | <memory> ... |' or "
                        + "'| No running processes found in NPU <n> |'");
            }
        }

        private void requireChipOfPendingNpu() {
            if (npu != null && !npuHasChip) {
                throw new NpuSmiFormatException(COMMAND, "the NPU row on line " + npuLineNumber + " (NPU "
                        + npu.npuId() + ") has no chip row under it; got line " + lineNumber + " '" + line + "'");
            }
        }

        private NpuChip.UsedOfTotal usedOfTotal(String used, String total) {
            return new NpuChip.UsedOfTotal(Long.parseLong(used), Long.parseLong(total));
        }

        private Double optionalDecimal(String token, String what) {
            if (NpuSmiNumbers.isAbsent(token)) {
                return null;
            }
            Double value = NpuSmiNumbers.decimal(token);
            if (value == null) {
                throw unexpected(what + " as a number, NA or - (not '" + token + "')");
            }
            return value;
        }

        private Integer optionalInteger(String token, String what) {
            if (NpuSmiNumbers.isAbsent(token)) {
                return null;
            }
            Integer value = NpuSmiNumbers.integer(token);
            if (value == null) {
                throw unexpected(what + " as a whole number, NA or - (not '" + token + "')");
            }
            return value;
        }

        private NpuSmiFormatException unexpected(String expected) {
            return new NpuSmiFormatException(COMMAND, lineNumber, line, expected);
        }
    }
}
