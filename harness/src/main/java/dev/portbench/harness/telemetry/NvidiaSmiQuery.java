package dev.portbench.harness.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parser of {@code nvidia-smi --query-gpu=index,memory.used,POWER --format=csv,noheader,nounits}: one line per GPU,
 * {@code 0, 1234, 75.32}. A field nvidia-smi cannot read is {@code [N/A]} or {@code [Not Supported]}: null here.
 * POWER is {@value #INSTANT_POWER} where the driver knows it; on Ampere and later GPUs {@value #AVERAGE_POWER} is an
 * average over the last second, which smears a cell's start and end into the idle time around it.
 */
public final class NvidiaSmiQuery {
    public static final String INSTANT_POWER = "power.draw.instant";
    public static final String AVERAGE_POWER = "power.draw";

    /** One GPU's reading: memory in use in MiB, power in W. */
    public record Gpu(int index, Double memUsedMb, Double powerW) {
    }

    private NvidiaSmiQuery() {
    }

    /** The query's fields with {@code powerField} for the power. */
    public static String fields(String powerField) {
        return "index,memory.used," + powerField;
    }

    /** Whether nvidia-smi's words say it does not know a field of the query (a driver older than the field). */
    public static boolean isUnknownField(String toolOutput) {
        return toolOutput != null && toolOutput.contains("is not a valid field to query");
    }

    /** The lines of a query whose power field was {@code powerField}. */
    public static List<Gpu> parse(String text, String powerField) {
        List<Gpu> gpus = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\\R")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length != 3) {
                throw new IllegalArgumentException("nvidia-smi line " + number + " '" + line.strip() + "' has "
                        + fields.length + " fields; expected 3 (" + fields(powerField) + ")");
            }
            gpus.add(new Gpu(index(fields[0].strip(), number), decimal(fields[1].strip(), "memory.used", number),
                    decimal(fields[2].strip(), powerField, number)));
        }
        return gpus;
    }

    private static int index(String field, int line) {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nvidia-smi line " + line + ": index '" + field
                    + "'; expected a GPU index");
        }
    }

    private static Double decimal(String field, String name, int line) {
        if (field.startsWith("[")) {
            return null; // [N/A], [Not Supported], [Unknown Error]
        }
        try {
            return Double.parseDouble(field);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "nvidia-smi line %d: %s '%s'; expected a number or [N/A]", line, name, field));
        }
    }
}
