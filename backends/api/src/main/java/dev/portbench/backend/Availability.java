package dev.portbench.backend;

/** Whether a backend can run on this machine now, and if not, why (shown in the SKIPPED row). */
public record Availability(boolean available, String reason) {

    public Availability {
        if (!available && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("an unavailable backend must say why");
        }
        reason = reason == null ? "" : reason;
    }

    public static Availability yes() {
        return new Availability(true, "");
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
