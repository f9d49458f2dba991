package dev.portbench.scenarios;

/** Field checks shared by the spec records (the bring-your-own ones too), so every message has the same shape. */
public final class SpecChecks {
    private SpecChecks() {
    }

    static void positive(String field, long value) {
        if (value <= 0) {
            throw new SpecException(field, field + " = " + value + "; expected a positive number");
        }
    }

    static void nonNegative(String field, long value) {
        if (value < 0) {
            throw new SpecException(field, field + " = " + value + "; expected zero or a positive number");
        }
    }

    static void positiveFinite(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new SpecException(field, field + " = " + value + "; expected a positive finite number");
        }
    }

    public static void name(String field, String value) {
        if (value == null || !value.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new SpecException(field, field + " = '" + value
                    + "'; expected lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
