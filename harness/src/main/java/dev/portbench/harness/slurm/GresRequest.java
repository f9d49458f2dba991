package dev.portbench.harness.slurm;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A generic resource an array task asks Slurm for, as {@code sbatch --gres} spells it: {@code NAME[:TYPE]:COUNT}, e.g.
 * {@code gpu:1} or {@code gpu:h100:2}. Upstream Slurm has a {@code gpu} plugin (it sets CUDA_VISIBLE_DEVICES); NPUs
 * have none, so a site counts them as a plain {@code npu} GRES and the job script names the devices itself.
 */
public record GresRequest(String name, String type, int count) {

    private static final Pattern FORM = Pattern.compile("([a-z][a-z0-9_]*)(?::([A-Za-z0-9_.-]+))?:([0-9]+)");

    public GresRequest {
        if (count < 1) {
            throw new IllegalArgumentException("--gres asks for " + count + " " + name + "; expected at least 1");
        }
    }

    /** @throws IllegalArgumentException naming the value and the form expected */
    public static GresRequest parse(String value) {
        Matcher m = FORM.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--gres '" + value + "'; expected NAME[:TYPE]:COUNT, e.g. gpu:1,"
                    + " gpu:h100:2 or npu:1");
        }
        try {
            return new GresRequest(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
        } catch (NumberFormatException tooLarge) {
            throw new IllegalArgumentException("--gres '" + value + "' asks for " + m.group(3) + " " + m.group(1)
                    + "; expected a count up to " + Integer.MAX_VALUE);
        }
    }

    /** Ascend NPUs, counted by the site as a plain GRES named {@code npu}. */
    public boolean isNpu() {
        return name.equals("npu");
    }

    /** The value of {@code #SBATCH --gres=}. */
    public String sbatchValue() {
        return type == null ? name + ":" + count : String.format(Locale.ROOT, "%s:%s:%d", name, type, count);
    }

    /** The first {@code count} device indices, comma-separated: the NPUs of a job that holds its node alone. */
    public String firstDevices() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : ",").append(i);
        }
        return b.toString();
    }
}
